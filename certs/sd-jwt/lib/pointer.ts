/** JSON pointer (RFC 6901) of a claim path, for `where` in errors. */
export function toPointer(path: ReadonlyArray<string | number>): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
