/** Deep copy of JSON data (canonical and native records are plain JSON: no Dates, Maps or undefined). */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
