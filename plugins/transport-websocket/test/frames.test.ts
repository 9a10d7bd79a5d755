import { decode } from '@msgpack/msgpack';
import { decodeFrame, encodeFrame, FrameDecodeError } from '../src/frames';

describe('frames', () => {
  it('decodes JSON text and MessagePack binary, and encodes in the same format', () => {
    expect(decodeFrame(Buffer.from('{"a": [1, "é"]}'), false)).toEqual({ a: [1, 'é'] });
    const packed = encodeFrame({ a: [1, 'é'] }, true) as Uint8Array;
    expect(decodeFrame(Buffer.from(packed), true)).toEqual({ a: [1, 'é'] });
    expect(decode(packed)).toEqual({ a: [1, 'é'] });
    expect(encodeFrame({ a: 1 }, false)).toBe('{"a":1}');
  });

  it("reports undecodable frames with the reference's prefixes", () => {
    expect(() => decodeFrame(Buffer.from('{'), false)).toThrow(FrameDecodeError);
    expect(() => decodeFrame(Buffer.from('{'), false)).toThrow(/^Can't decode text \(JSON\) request\. JSONDecodeError: /);
    expect(() => decodeFrame(Buffer.from([0xc1]), true)).toThrow(/^Can't decode binary \(MessagePack\) request\. /);
    expect(() => decodeFrame(Buffer.from([0x01, 0x02]), true)).toThrow(/^Can't decode binary \(MessagePack\) request\. /);
  });
});
