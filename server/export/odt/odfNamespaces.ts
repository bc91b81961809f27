/** ODF version every part declares. 1.2 is the version every office suite in use reads. */
export const ODF_VERSION = '1.2';

/** Media type of an ODF text document: the `mimetype` entry and the manifest's root entry. */
export const ODT_MEDIA_TYPE = 'application/vnd.oasis.opendocument.text';

/** The namespace declarations the root element of content.xml and styles.xml carry. */
export const ODF_NAMESPACES = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'xmlns:xlink="http://www.w3.org/1999/xlink"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
].join(' ');

/** The XML declaration every part starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
