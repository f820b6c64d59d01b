/**
 * Go `encoding/json` syntax checking with Go's exact error texts (the
 * scanner's `invalid character 'x' <context>` and `unexpected end of JSON
 * input`), for messages OpenKruise returns verbatim to users.
 */
import { goQuote } from './quote.js';

const END = 'unexpected end of JSON input';

/** Go's quoteChar: the byte read as a rune, in single quotes. */
function quoteChar(byte: number): string {
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return `'"'`;
  const quoted = goQuote(String.fromCharCode(byte));
  return `'${quoted.slice(1, -1)}'`;
}

class GoSyntaxError extends Error {}

const isSpace = (b: number | undefined): boolean =>
  b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;
const isHex = (b: number | undefined): boolean =>
  b !== undefined && (isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46));

class Scanner {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  /**
   * At the end of input Go's scanner steps once more with a space: states
   * that skip spaces report `unexpected end`, the others (`spaceIsError`)
   * report the space as the invalid character.
   */
  fail(context: string, spaceIsError = false): never {
    const b = this.bytes[this.pos] ?? (spaceIsError ? 0x20 : undefined);
    throw new GoSyntaxError(b === undefined ? END : `invalid character ${quoteChar(b)} ${context}`);
  }

  skipSpace(): void {
    while (isSpace(this.bytes[this.pos])) this.pos++;
  }

  value(): void {
    this.skipSpace();
    const b = this.bytes[this.pos];
    if (b === 0x7b) return this.object();
    if (b === 0x5b) return this.array();
    if (b === 0x22) return this.string();
    if (b === 0x2d || isDigit(b)) return this.number();
    if (b === 0x74) return this.literal('true');
    if (b === 0x66) return this.literal('false');
    if (b === 0x6e) return this.literal('null');
    this.fail('looking for beginning of value');
  }

  literal(word: string): void {
    this.pos++;
    for (let i = 1; i < word.length; i++) {
      if (this.bytes[this.pos] !== word.charCodeAt(i)) {
        this.fail(`in literal ${word} (expecting '${word[i]}')`, true);
      }
      this.pos++;
    }
  }

  digits(): void {
    while (isDigit(this.bytes[this.pos])) this.pos++;
  }

  number(): void {
    if (this.bytes[this.pos] === 0x2d) {
      this.pos++;
      if (!isDigit(this.bytes[this.pos])) this.fail('in numeric literal', true);
    }
    if (this.bytes[this.pos] === 0x30) this.pos++;
    else this.digits();
    if (this.bytes[this.pos] === 0x2e) {
      this.pos++;
      if (!isDigit(this.bytes[this.pos])) this.fail('after decimal point in numeric literal', true);
      this.digits();
    }
    const e = this.bytes[this.pos];
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const sign = this.bytes[this.pos];
      if (sign === 0x2b || sign === 0x2d) this.pos++;
      if (!isDigit(this.bytes[this.pos])) this.fail('in exponent of numeric literal', true);
      this.digits();
    }
  }

  string(): void {
    this.pos++;
    for (;;) {
      const b = this.bytes[this.pos];
      if (b === undefined) this.fail('');
      if (b === 0x22) {
        this.pos++;
        return;
      }
      if (b === 0x5c) {
        this.pos++;
        const esc = this.bytes[this.pos];
        if (esc === 0x75) {
          this.pos++;
          for (let i = 0; i < 4; i++, this.pos++) {
            if (!isHex(this.bytes[this.pos]))
              this.fail('in \\u hexadecimal character escape', true);
          }
          continue;
        }
        if (esc === undefined || !'bfnrt\\/"'.includes(String.fromCharCode(esc))) {
          this.fail('in string escape code', true);
        }
        this.pos++;
        continue;
      }
      if (b < 0x20) this.fail('in string literal');
      this.pos++;
    }
  }

  object(): void {
    this.pos++;
    this.skipSpace();
    if (this.bytes[this.pos] === 0x7d) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.bytes[this.pos] !== 0x22) this.fail('looking for beginning of object key string');
      this.string();
      this.skipSpace();
      if (this.bytes[this.pos] !== 0x3a) this.fail('after object key');
      this.pos++;
      this.value();
      this.skipSpace();
      const b = this.bytes[this.pos];
      this.pos++;
      if (b === 0x7d) return;
      if (b !== 0x2c) {
        this.pos--;
        this.fail('after object key:value pair');
      }
    }
  }

  array(): void {
    this.pos++;
    this.skipSpace();
    if (this.bytes[this.pos] === 0x5d) {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      const b = this.bytes[this.pos];
      this.pos++;
      if (b === 0x5d) return;
      if (b !== 0x2c) {
        this.pos--;
        this.fail('after array element');
      }
    }
  }
}

/** Go's syntax error text for `text`, or undefined when it is valid JSON. */
export function goJsonSyntaxError(text: string): string | undefined {
  const scanner = new Scanner(Buffer.from(text, 'utf8'));
  try {
    scanner.value();
    scanner.skipSpace();
    if (scanner.pos < scanner.bytes.length) scanner.fail('after top-level value');
    return undefined;
  } catch (err) {
    if (err instanceof GoSyntaxError) return err.message;
    throw err;
  }
}
