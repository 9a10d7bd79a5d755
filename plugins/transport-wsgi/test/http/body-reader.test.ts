import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { readBody } from '../../src/http/body-reader';

function request(headers: Record<string, string>, chunks: string[]): IncomingMessage {
  const stream = new PassThrough();
  Object.assign(stream, { headers });
  setImmediate(() => {
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  });
  return stream as unknown as IncomingMessage;
}

describe('readBody', () => {
  it('has no body without Content-Length or Transfer-Encoding, or with length 0', async () => {
    expect((await readBody(request({}, []), 10)).present).toBe(false);
    expect((await readBody(request({ 'content-length': '0' }, []), 10)).present).toBe(false);
  });

  it('tells no body ("can not be empty") from a body declared empty (unparsable, as the reference reads it)', async () => {
    const text = async (headers: Record<string, string>) => {
      const body = await readBody(request(headers, []), 10);
      try {
        return body.parse();
      } catch (error) {
        return (error as { description?: string }).description;
      }
    };
    expect(await text({})).toBe('Request body can not be empty');
    expect(await text({ 'transfer-encoding': 'chunked' })).toBe('Request body can not be empty');
    expect(await text({ 'content-length': '0' })).toBe('Request body could not be parsed.');
  });

  it('buffers a body within the cap', async () => {
    const body = await readBody(request({ 'transfer-encoding': 'chunked' }, ['{"a":', '1}']), 10);
    expect(body.length).toBe(7);
    expect(body.parse()).toEqual({ a: 1 });
  });

  it('does not read a body whose declared length is over the cap', async () => {
    const req = request({ 'content-length': '11' }, ['x'.repeat(11)]);
    const body = await readBody(req, 10);
    expect(body.length).toBe(11);
    expect(() => body.parse()).toThrow(expect.objectContaining({ status: 413 }));
  });

  it('stops collecting a chunked body once it passes the cap', async () => {
    const body = await readBody(request({ 'transfer-encoding': 'chunked' }, ['12345', '67890', 'abc', 'def']), 10);
    expect(body.length).toBe(13);
    expect(body.present).toBe(true);
  });
});
