import { errorResponseSchema } from '../../../shared/api/errors.ts';
import { ApiError } from '../api/apiClient.ts';

/** How far a download has come: bytes received, and the total when the server said it. */
export interface DownloadProgress {
  received: number;
  total: number | null;
}

/** A downloaded file, ready to be saved. */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

/** The name the server gave the file: `filename*` (UTF-8) first, then the ASCII `filename`. */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (disposition) {
    const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
    if (encoded) {
      try {
        return decodeURIComponent(encoded);
      } catch {
        // A malformed escape: the ASCII name below still works.
      }
    }
    const ascii = /filename="([^"]+)"/i.exec(disposition)?.[1];
    if (ascii) return ascii;
  }
  return fallback;
}

function networkError(error: unknown): ApiError {
  return new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
}

/**
 * Downloads `url` (an API GET that answers with a file), reading the body as a stream so that
 * `onProgress` can report the bytes as they arrive. Before the first byte the server is still
 * writing the file; the caller shows that as "preparing". A refusal becomes an ApiError with the
 * server's code, like every other API call.
 */
export async function downloadExport(
  url: string,
  onProgress: (progress: DownloadProgress) => void,
  signal?: AbortSignal,
): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', ...(signal ? { signal } : {}) });
  } catch (error) {
    throw networkError(error);
  }
  if (!response.ok) {
    const parsed = errorResponseSchema.safeParse(await response.json().catch(() => null));
    if (parsed.success) {
      const { code, message, details } = parsed.data.error;
      throw new ApiError(response.status, code, message, details);
    }
    throw new ApiError(response.status, 'internal', `HTTP ${response.status}`);
  }
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  onProgress({ received, total });
  try {
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        onProgress({ received, total });
      }
    } else {
      const whole = new Uint8Array(await response.arrayBuffer());
      chunks.push(whole);
      received = whole.byteLength;
      onProgress({ received, total });
    }
  } catch (error) {
    // The connection broke while the file was arriving.
    throw networkError(error);
  }
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  return {
    blob: new Blob(chunks, { type }),
    filename: filenameFrom(response.headers.get('content-disposition'), 'export'),
  };
}

/** Hands a downloaded file to the browser to save, under its own name. */
export function saveFile(file: DownloadedFile): void {
  const href = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = file.filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the URL is released after that.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
