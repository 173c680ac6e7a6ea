/**
 * Deep copy of JSON data (canonical and native records are plain JSON: no Dates, Maps or undefined). The
 * result is what `JSON.parse(JSON.stringify(value))` gives; plain data (null, booleans, strings, finite
 * numbers, arrays and plain objects) is copied directly, anything else takes the JSON round trip.
 */
export function cloneJson<T>(value: T): T {
  const copied = copyPlain(value, 0);
  return (copied === NOT_PLAIN ? JSON.parse(JSON.stringify(value)) : copied) as T;
}

const NOT_PLAIN: unique symbol = Symbol('not plain JSON');
/** Deeper than this, the JSON round trip decides (and throws as it would). */
const MAX_DEPTH = 1000;

function copyPlain(value: unknown, depth: number): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON writes -0 as 0 and non-finite numbers as null.
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : NOT_PLAIN;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (depth > MAX_DEPTH) return NOT_PLAIN;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return NOT_PLAIN;
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1) {
      const v = copyPlain(value[i], depth + 1);
      if (v === NOT_PLAIN) return NOT_PLAIN;
      out[i] = v;
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i];
    const v = copyPlain(source[key], depth + 1);
    if (v === NOT_PLAIN) return NOT_PLAIN;
    // An own `__proto__` member stays a member (as JSON.parse makes it), never a prototype.
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    } else out[key] = v;
  }
  return out;
}
