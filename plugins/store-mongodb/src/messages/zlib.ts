/** node:zlib with crc32 typed: it exists from Node 20.15 / 22.2 but older @types/node lack it. */
import * as nodeZlib from 'node:zlib';

export const zlib = nodeZlib as typeof nodeZlib & { crc32(data: Buffer | string, value?: number): number };
