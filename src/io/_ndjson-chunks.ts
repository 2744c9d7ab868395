// Cutting a long NDJSON text into chunks of whole lines, so a reader can yield between them.

/** Characters per chunk of an NDJSON text read piece by piece. */
const NDJSON_CHUNK = 1 << 20;

/**
 * An NDJSON text cut into chunks of whole lines (about {@link NDJSON_CHUNK} characters each), with
 * the 0-based number of each chunk's first line. A text over `maxBytes` is one chunk, so that the
 * reader reports it as too large.
 */
export function* ndjsonChunks(
  text: string,
  maxBytes: number,
  chunkSize: number = NDJSON_CHUNK,
): Generator<{ text: string; firstLine: number }> {
  if (text.length > maxBytes || text.length <= chunkSize) {
    yield { text, firstLine: 0 };
    return;
  }
  let start = 0;
  let firstLine = 0;
  while (start < text.length) {
    const cut = text.indexOf('\n', Math.min(text.length, start + chunkSize));
    const end = cut < 0 ? text.length : cut;
    const chunk = text.slice(start, end);
    yield { text: chunk, firstLine };
    let lines = 0;
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines++;
    firstLine += lines + 1;
    start = end + 1;
  }
}
