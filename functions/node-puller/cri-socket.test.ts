import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseCriSocket } from './cri-socket.js';

const has =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

describe('CRI socket detection', () => {
  it('takes the first known socket under the host /var/run, in OpenKruise order', () => {
    assert.deepEqual(
      chooseCriSocket(
        '/hostvarrun',
        undefined,
        has('/hostvarrun/containerd/containerd.sock', '/hostvarrun/crio.sock'),
      ),
      {
        ok: true,
        socket: '/hostvarrun/containerd/containerd.sock',
        from: 'detected',
      },
    );
    assert.deepEqual(
      chooseCriSocket('/v', undefined, has('/v/cri-dockerd.sock', '/v/crio/crio.sock')),
      {
        ok: true,
        socket: '/v/crio/crio.sock',
        from: 'detected',
      },
    );
  });

  it('uses --socket-file, relative to the mount or absolute, and only it', () => {
    assert.deepEqual(
      chooseCriSocket(
        '/v',
        'k3s/containerd.sock',
        has('/v/k3s/containerd.sock', '/v/containerd.sock'),
      ),
      {
        ok: true,
        socket: '/v/k3s/containerd.sock',
        from: 'flag',
      },
    );
    assert.deepEqual(chooseCriSocket('/v', '/tmp/x.sock', has('/tmp/x.sock')), {
      ok: true,
      socket: '/tmp/x.sock',
      from: 'flag',
    });
    assert.deepEqual(chooseCriSocket('/v', 'nope.sock', has('/v/containerd.sock')), {
      ok: false,
      error: 'CRI socket /v/nope.sock (--socket-file) does not exist',
    });
  });

  it('says where it looked when nothing is there', () =>
    assert.deepEqual(chooseCriSocket('/v', undefined, has()), {
      ok: false,
      error: 'not found container runtime sock under /v',
    }));
});
