/**
 * `kakehashi map --from ouranos|catena-x --to ouranos|catena-x|canonical <file>`: validates a native record
 * and prints it mapped (through the canonical record) as JSON. Validation failures are printed one per line
 * on stderr as `CODE pointer rule: message` and the exit code is 1; other failures propagate to `main`.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { KhError, isKhError } from '../../errors';
import { getAdapter, type AdapterOptions } from '../../../adapters';
import { createParticipantDirectory } from '../../../adapters/canonical';
import { createOuranosRegistry } from '../../../adapters/ouranos';
import { parseDirectoryFile } from '../../node/directory';
import { validateCanonical } from '../../../adapters/canonical/validate';
import type { CanonicalRecord } from '../../../adapters/canonical/types';

interface MapFlags {
  from: string;
  to: string;
  directory?: string;
}

const FROM = ['ouranos', 'catena-x', 'canonical'];
const TO = ['ouranos', 'catena-x', 'canonical'];

function checkPlatform(value: string, allowed: string[], flag: string): void {
  if (!allowed.includes(value)) {
    throw new KhError(
      'KH_INPUT_UNKNOWN_PLATFORM',
      `unknown platform '${value}' (expected ${allowed.join('|')})`,
      {
        where: flag,
      },
    );
  }
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

/**
 * Offset of the first syntax error of `text` (a small JSON scanner: V8's messages do not always carry a
 * position). Only called once JSON.parse has failed.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (offset) {
    return typeof offset === 'number' ? Math.min(offset, text.length) : text.length;
  }
}

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new KhError('KH_INPUT_FILE_NOT_FOUND', `cannot read ${file}`, { where: file, cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const position = jsonErrorOffset(text);
    const { line, column } = lineColumn(text, position);
    throw new KhError(
      'KH_INPUT_MALFORMED_JSON',
      `${file} is not well-formed JSON at line ${line} column ${column}`,
      {
        where: `${file}:${line}:${column}`,
        details: { position, line, column },
        cause,
      },
    );
  }
}

/**
 * The adapter options from a participant directory file (the same JSON file a node's `directory` setting
 * names): each participant's identifiers on both platforms, and the OU operator/plant registry.
 */
export function adapterOptionsFromDirectoryFile(file: string): AdapterOptions {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new KhError('KH_INPUT_FILE_NOT_FOUND', `cannot read the directory file ${file}`, {
      where: '--directory',
      cause,
    });
  }
  const d = parseDirectoryFile(text);
  return {
    directory: createParticipantDirectory(d.participants),
    ...(d.ouranosRegistry ? { registry: createOuranosRegistry(d.ouranosRegistry) } : {}),
  };
}

/** The pure part of `map`: native (or canonical) document in, mapped document out. */
export function mapDocument(doc: unknown, from: string, to: string, options: AdapterOptions = {}): unknown {
  checkPlatform(from, FROM, '--from');
  checkPlatform(to, TO, '--to');
  const canonical: CanonicalRecord =
    from === 'canonical' ? validateCanonical(doc) : getAdapter(from, options).toCanonical(doc);
  return to === 'canonical' ? canonical : getAdapter(to, options).fromCanonical(canonical);
}

function printViolations(err: KhError): void {
  const errors = err.details?.errors;
  if (!Array.isArray(errors) || errors.length === 0) {
    process.stderr.write(`${err.code}: ${err.message}${err.where ? ` (at ${err.where})` : ''}\n`);
    return;
  }
  for (const e of errors as Array<{ pointer?: unknown; rule?: unknown; message?: unknown }>) {
    process.stderr.write(`${err.code} ${String(e.pointer)} ${String(e.rule)}: ${String(e.message)}\n`);
  }
}

export function registerMap(program: Command): void {
  program
    .command('map')
    .description(
      'map a battery record between platform formats (through the canonical record) and print it as JSON',
    )
    .requiredOption('--from <platform>', 'format of the input: ouranos | catena-x | canonical')
    .requiredOption('--to <platform>', 'format of the output: ouranos | catena-x | canonical')
    .option(
      '--directory <file>',
      "participant directory (JSON, as a node's `directory` setting) to write the other platform's identifiers; " +
        'seeds/directory.json holds the seed participants',
    )
    .argument('<file>', 'the input JSON file')
    .action((file: string, flags: MapFlags) => {
      checkPlatform(flags.from, FROM, '--from');
      checkPlatform(flags.to, TO, '--to');
      const options = flags.directory ? adapterOptionsFromDirectoryFile(flags.directory) : {};
      const doc = readJsonFile(file);
      let out: unknown;
      try {
        out = mapDocument(doc, flags.from, flags.to, options);
      } catch (err) {
        if (
          isKhError(err) &&
          (err.code === 'KH_SCHEMA_INVALID' || err.code === 'KH_MAP_UNKNOWN_PARTICIPANT')
        ) {
          printViolations(err);
          process.exitCode = 1;
          return;
        }
        throw err;
      }
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    });
}
