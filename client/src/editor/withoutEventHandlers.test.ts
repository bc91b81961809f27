import { describe, expect, it } from 'vitest';
import { withoutEventHandlers } from './withoutEventHandlers.ts';

describe('withoutEventHandlers', () => {
  it('takes every on… attribute out of start tags, however it is quoted or spelled', () => {
    expect(withoutEventHandlers('<a href="https://example.com/" onclick="x()">länk</a>')).toBe(
      '<a href="https://example.com/" >länk</a>',
    );
    expect(withoutEventHandlers("<img src=x onerror='y()' alt=bild>")).toBe(
      '<img src=x  alt=bild>',
    );
    expect(withoutEventHandlers('<IMG SRC=x ONERROR=y()>')).toBe('<IMG SRC=x >');
    expect(withoutEventHandlers('<svg onload = "y()"/>')).toBe('<svg />');
    expect(withoutEventHandlers('<p onmouseover=a onfocus onblur="b">t</p>')).toBe('<p   >t</p>');
    // A value that runs into the next attribute without a space, as the tokenizer allows.
    expect(withoutEventHandlers('<a href="x"onclick="y">t</a>')).toBe('<a href="x">t</a>');
  });

  it('keeps every other attribute and all text exactly as it was', () => {
    const html =
      '<p class="a" data-x=\'1\' title=t>En text om onclick="x" och a < b, <3 samt on=1.</p>' +
      '<table><tr><td colspan="2">cell</td></tr></table>';
    expect(withoutEventHandlers(html)).toBe(html);
    expect(withoutEventHandlers('')).toBe('');
    expect(withoutEventHandlers('bara text, ingen markering')).toBe('bara text, ingen markering');
    expect(withoutEventHandlers('å ä ö İ ß ﬁ — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢')).toBe('å ä ö İ ß ﬁ — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢');
  });

  it('reads a quoted value to its closing quote, so a > or an on…= inside it stays', () => {
    expect(withoutEventHandlers('<a title="x > onclick=y" href=z onmouseover=w>t</a>')).toBe(
      '<a title="x > onclick=y" href=z >t</a>',
    );
    expect(withoutEventHandlers("<a title='<b onclick=1>' onclick=2>t</a>")).toBe(
      "<a title='<b onclick=1>' >t</a>",
    );
  });

  it('leaves the content of elements the browser reads as text', () => {
    for (const html of [
      '<textarea><b onclick=x>fet</b></textarea><i onclick=y>k</i>',
      '<title>Rubrik <img onerror=x></title>',
      '<script>if (a < b) x = "<img onerror=y>";</script>',
      '<style>p::before { content: "<b onclick=x>"; }</style>',
      '<iframe srcdoc="x"><img onerror=y></iframe>',
      '<STYLE>x</Style >',
    ]) {
      const kept = withoutEventHandlers(html);
      // Only a handler after the element's end may go.
      expect(kept).toBe(html.replace('<i onclick=y>', '<i >'));
    }
    expect(withoutEventHandlers('<plaintext><b onclick=x></plaintext><b onclick=y>')).toBe(
      '<plaintext><b onclick=x></plaintext><b onclick=y>',
    );
    // An element that is not a text-content one, though its name starts like one.
    expect(withoutEventHandlers('<titles onclick=x>t</titles>')).toBe('<titles >t</titles>');
    expect(withoutEventHandlers('<style>a</styles><b onclick=x></style>')).toBe(
      '<style>a</styles><b onclick=x></style>',
    );
  });

  it('leaves comments, doctypes and CDATA as they are', () => {
    for (const html of [
      '<!-- <b onclick=x> -->',
      '<!DOCTYPE html><p>t</p>',
      '<!--><b onclick=x>',
      '<!---><b onclick=x>',
      '<?xml version="1.0"?>',
      '<![CDATA[ <b onclick=x> ]]>',
      '<!-- a --!><b>t</b>',
    ]) {
      const expected = html
        .replace('<!--><b onclick=x>', '<!--><b >')
        .replace('<!---><b onclick=x>', '<!---><b >');
      expect(withoutEventHandlers(html)).toBe(expected);
    }
  });

  it('leaves end tags alone and drops a start tag cut off by the end, as the browser does', () => {
    expect(withoutEventHandlers('<p>t</p onclick="x">')).toBe('<p>t</p onclick="x">');
    expect(withoutEventHandlers('<p>t</>')).toBe('<p>t</>');
    expect(withoutEventHandlers('<p>text<a onclick="x')).toBe('<p>text');
    expect(withoutEventHandlers('<p>text</p')).toBe('<p>text</p');
  });

  it('takes the handlers out of what a web page puts on the clipboard', () => {
    const clipboard =
      '<meta charset="utf-8"><div onclick="track()" class="post">' +
      '<p>Första stycket med <a href="https://example.com/" onmousedown="rewrite(this)">en länk</a>.</p>' +
      '<script>window.__xss = 1</script><img src="x.png" onerror="window.__xss=1" onload=\'z()\'>' +
      '</div>';
    const cleaned = withoutEventHandlers(clipboard);
    expect(cleaned).not.toMatch(/\son[a-z]+\s*=/i);
    expect(cleaned).toBe(
      '<meta charset="utf-8"><div  class="post">' +
        '<p>Första stycket med <a href="https://example.com/" >en länk</a>.</p>' +
        '<script>window.__xss = 1</script><img src="x.png"  >' +
        '</div>',
    );
  });
});
