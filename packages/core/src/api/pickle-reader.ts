/**
 * A minimal reader for the Python pickles the reference stores inside
 * encrypted message bodies (non-string bodies are pickled before encryption).
 * It understands the opcodes `pickle.dumps` emits for JSON-like values
 * (dict, list, tuple, str, int, float, bool, None) in protocols 2 to 5 and
 * throws on anything else, so a migrated encrypted queue stays readable.
 */

const MARK = Symbol('mark');
type Stack = unknown[];

class PickleReader {
  private pos = 0;
  private readonly stack: Stack = [];
  private readonly memo: unknown[] = [];

  constructor(private readonly data: Buffer) {}

  read(): unknown {
    for (;;) {
      const op = this.byte();
      if (op === 0x2e) return this.stack.pop(); // STOP
      this.step(op);
    }
  }

  private byte(): number {
    if (this.pos >= this.data.length) throw new Error('truncated pickle');
    return this.data[this.pos++];
  }

  private bytes(n: number): Buffer {
    if (this.pos + n > this.data.length) throw new Error('truncated pickle');
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private popMark(): unknown[] {
    const at = this.stack.lastIndexOf(MARK);
    if (at < 0) throw new Error('pickle mark missing');
    return this.stack.splice(at).slice(1);
  }

  private top(): unknown {
    return this.stack[this.stack.length - 1];
  }

  private setItems(items: unknown[]): void {
    const dict = this.top() as Record<string, unknown>;
    for (let i = 0; i + 1 < items.length; i += 2) dict[String(items[i])] = items[i + 1];
  }

  /** Executes one opcode; split in two tables only to keep each function readable. */
  private step(op: number): void {
    if (this.stepValue(op)) return;
    switch (op) {
      case 0x80:
        this.byte();
        return; // PROTO
      case 0x95:
        this.bytes(8);
        return; // FRAME
      case 0x94:
        this.memo.push(this.top());
        return; // MEMOIZE
      case 0x71:
        this.memo[this.byte()] = this.top();
        return; // BINPUT
      case 0x72:
        this.memo[this.bytes(4).readUInt32LE()] = this.top();
        return; // LONG_BINPUT
      case 0x68:
        this.stack.push(this.memo[this.byte()]);
        return; // BINGET
      case 0x6a:
        this.stack.push(this.memo[this.bytes(4).readUInt32LE()]);
        return; // LONG_BINGET
      case 0x28:
        this.stack.push(MARK);
        return; // MARK
      case 0x61: {
        const item = this.stack.pop();
        (this.top() as unknown[]).push(item);
        return;
      } // APPEND
      case 0x65: {
        const items = this.popMark();
        (this.top() as unknown[]).push(...items);
        return;
      } // APPENDS
      case 0x73: {
        const value = this.stack.pop();
        const key = this.stack.pop();
        this.setItems([key, value]);
        return;
      } // SETITEM
      case 0x75:
        this.setItems(this.popMark());
        return; // SETITEMS
      case 0x74:
        this.stack.push(this.popMark());
        return; // TUPLE
      case 0x85:
        this.stack.push(this.stack.splice(-1));
        return; // TUPLE1
      case 0x86:
        this.stack.push(this.stack.splice(-2));
        return; // TUPLE2
      case 0x87:
        this.stack.push(this.stack.splice(-3));
        return; // TUPLE3
      default:
        throw new Error(`unsupported pickle opcode 0x${op.toString(16)}`);
    }
  }

  private stepValue(op: number): boolean {
    switch (op) {
      case 0x7d:
        this.stack.push({});
        return true; // EMPTY_DICT
      case 0x5d:
        this.stack.push([]);
        return true; // EMPTY_LIST
      case 0x29:
        this.stack.push([]);
        return true; // EMPTY_TUPLE
      case 0x4e:
        this.stack.push(null);
        return true; // NONE
      case 0x88:
        this.stack.push(true);
        return true; // NEWTRUE
      case 0x89:
        this.stack.push(false);
        return true; // NEWFALSE
      case 0x4b:
        this.stack.push(this.byte());
        return true; // BININT1
      case 0x4d:
        this.stack.push(this.bytes(2).readUInt16LE());
        return true; // BININT2
      case 0x4a:
        this.stack.push(this.bytes(4).readInt32LE());
        return true; // BININT
      case 0x8a:
        this.stack.push(this.long(this.byte()));
        return true; // LONG1
      case 0x47:
        this.stack.push(this.bytes(8).readDoubleBE());
        return true; // BINFLOAT
      case 0x8c:
        this.stack.push(this.bytes(this.byte()).toString('utf8'));
        return true; // SHORT_BINUNICODE
      case 0x58:
        this.stack.push(this.bytes(this.bytes(4).readUInt32LE()).toString('utf8'));
        return true; // BINUNICODE
      case 0x8d:
        this.stack.push(this.bytes(Number(this.bytes(8).readBigUInt64LE())).toString('utf8'));
        return true; // BINUNICODE8
      default:
        return false;
    }
  }

  /** Little-endian two's-complement integer of `n` bytes (LONG1). */
  private long(n: number): number {
    const raw = this.bytes(n);
    if (n === 0) return 0;
    let value = 0n;
    for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(raw[i]);
    if (raw[n - 1] & 0x80) value -= 1n << BigInt(8 * n);
    return Number(value);
  }
}

/** Decodes a pickle of a JSON-like value; throws when the pickle uses anything else. */
export function readPickle(data: Buffer): unknown {
  return new PickleReader(data).read();
}
