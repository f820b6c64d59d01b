import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadAdmissionEvent } from '../../../events/admission/load.js';
import { BadRequestError, PayloadTooLargeError } from '../../../shared/errors.js';
import { readBody, readReview } from './read-review.js';

const post = (body: string, headers: Record<string, string> = {}): Request =>
  new Request('http://fn/mutate-pod', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });

/** A body stream that never says how long it is. */
const streamOf = (bytes: number): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      for (let left = bytes; left > 0; left -= 1024)
        controller.enqueue(new Uint8Array(Math.min(1024, left)));
      controller.close();
    },
  });

describe('readBody', () => {
  it('reads a JSON body with a charset parameter', async () => {
    assert.equal(
      await readBody(post('{"a":1}', { 'content-type': 'application/json; charset=utf-8' })),
      '{"a":1}',
    );
  });

  it('reads bytes that are not UTF-8 as Go does: one U+FFFD per byte', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"a":"'),
      Buffer.from([0xe2, 0x80]),
      Buffer.from('"}'),
    ]);
    const request = new Request('http://fn/mutate-pod', {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(await readBody(request), '{"a":"\ufffd\ufffd"}');
  });

  const rejected = [
    {
      name: 'a non-JSON content type',
      request: () => post('{}', { 'content-type': 'text/plain' }),
      err: new BadRequestError('contentType=text/plain, expected application/json'),
    },
    {
      name: 'a declared length over the cap',
      request: () => post('{}', { 'content-length': '2000' }),
      err: new PayloadTooLargeError('request entity is too large; limit is 1024 bytes'),
    },
    {
      name: 'a streamed body over the cap',
      request: () =>
        new Request('http://fn/', {
          method: 'POST',
          body: streamOf(5000),
          headers: { 'content-type': 'application/json' },
          duplex: 'half',
        } as RequestInit),
      err: new PayloadTooLargeError('request entity is too large; limit is 1024 bytes'),
    },
  ];
  for (const c of rejected) {
    it(`rejects ${c.name}`, async () => {
      await assert.rejects(readBody(c.request(), 1024), c.err);
    });
  }
});

describe('readReview', () => {
  it('reads and decodes a review', async () => {
    const review = loadAdmissionEvent('create-pod');
    const parsed = await readReview(post(JSON.stringify(review)), {
      kind: { kind: 'Pod', apiVersions: ['v1'] },
    });
    assert.equal(parsed.input.uid, '705ab4f5-6393-11e8-b7cc-42010a800002');
  });
});
