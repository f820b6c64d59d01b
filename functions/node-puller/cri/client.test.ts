/**
 * The CRI client against a gRPC server of the same pinned proto on a unix
 * socket (the fake sits at the socket; the real containerd is in
 * test/integration/node-puller.test.ts): what goes on the wire and how
 * failures read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  loadPackageDefinition,
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { cachedCriProto } from '../../../infra/node/cri-proto.js';
import { criImageService, grpcTarget, type CriImageService } from './client.js';
import { CriError } from './grpc-error.js';

const proto = cachedCriProto();
const received: Record<string, unknown>[] = [];

const image = {
  id: 'sha256:c0',
  repoTags: ['127.0.0.1:5000/app:v1'],
  repoDigests: ['127.0.0.1:5000/app@sha256:d1'],
  size: '1024',
};

const impl: UntypedServiceImplementation = {
  PullImage(call: ServerUnaryCall<Record<string, unknown>, unknown>, cb: sendUnaryData<unknown>) {
    received.push(call.request);
    const img = (call.request['image'] as { image: string }).image;
    if (img.endsWith(':denied'))
      cb({ code: status.UNKNOWN, details: 'failed to resolve reference: 401 Unauthorized' });
    else if (img.endsWith(':slow')) setTimeout(() => cb(null, { imageRef: 'sha256:late' }), 500);
    else cb(null, { imageRef: 'sha256:c0' });
  },
  ImageStatus(
    call: ServerUnaryCall<{ image: { image: string } }, unknown>,
    cb: sendUnaryData<unknown>,
  ) {
    cb(null, call.request.image.image === image.repoTags[0] ? { image } : {});
  },
  ListImages(_call: unknown, cb: sendUnaryData<unknown>) {
    cb(null, { images: [image] });
  },
  ImageFsInfo(_call: unknown, cb: sendUnaryData<unknown>) {
    cb({ code: status.UNIMPLEMENTED, details: 'unknown service runtime.v1.ImageService' });
  },
};

describe('CRI ImageService client', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-cri-'));
  const socket = join(dir, 'cri.sock');
  const server = new Server();
  let cri: CriImageService;

  before(async () => {
    const pkg = loadPackageDefinition(
      loadSync(proto, { keepCase: false, longs: String, defaults: true }),
    ) as unknown as {
      runtime: { v1: { ImageService: { service: ServiceDefinition } } };
    };
    server.addService(pkg.runtime.v1.ImageService.service, impl);
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(grpcTarget(socket), ServerCredentials.createInsecure(), (err) =>
        err === null ? resolve() : reject(err),
      ),
    );
    cri = criImageService(socket, proto);
  });
  after(() => {
    cri.close();
    server.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the image, the credentials and the sandbox config of a pull', async () => {
    received.length = 0;
    const ref = await cri.pullImage({
      image: '127.0.0.1:5000/app:v1',
      auth: { username: 'u', password: 'p' },
      sandboxLabels: { team: 'a' },
      sandboxAnnotations: { 'apps.kruise.io/pulling-image-by': 'kruise-daemon' },
    });
    assert.equal(ref, 'sha256:c0');
    const req = received[0] as {
      image: { image: string };
      auth: { username: string; password: string };
      sandboxConfig: { labels: object; annotations: object };
    };
    assert.equal(req.image.image, '127.0.0.1:5000/app:v1');
    assert.deepEqual([req.auth.username, req.auth.password], ['u', 'p']);
    assert.deepEqual(req.sandboxConfig.labels, { team: 'a' });
    assert.deepEqual(req.sandboxConfig.annotations, {
      'apps.kruise.io/pulling-image-by': 'kruise-daemon',
    });
  });

  it('sends no credentials for an anonymous pull', async () => {
    received.length = 0;
    await cri.pullImage({ image: '127.0.0.1:5000/app:v1' });
    assert.equal((received[0] as { auth: unknown }).auth, null);
  });

  it("reports the runtime's failure as Go's status text", async () => {
    await assert.rejects(cri.pullImage({ image: 'r/app:denied' }), (err: unknown) => {
      assert.ok(err instanceof CriError);
      assert.equal(
        err.message,
        'rpc error: code = Unknown desc = failed to resolve reference: 401 Unauthorized',
      );
      return true;
    });
  });

  it('gives up after the timeout and when aborted', async () => {
    await assert.rejects(cri.pullImage({ image: 'r/app:slow' }, { timeoutMs: 50 }), {
      name: 'CriError',
      grpcCode: status.DEADLINE_EXCEEDED,
    });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(cri.pullImage({ image: 'r/app:slow' }, { signal: ac.signal }), {
      name: 'CriError',
      grpcCode: status.CANCELLED,
    });
  });

  it('reads an image status, nothing for an image it lacks, and the image list', async () => {
    assert.deepEqual(await cri.imageStatus('127.0.0.1:5000/app:v1'), image);
    assert.equal(await cri.imageStatus('127.0.0.1:5000/app:v2'), undefined);
    assert.deepEqual(await cri.listImages(), [image]);
  });

  it('names an unimplemented service', async () => {
    await assert.rejects(cri.imageFsInfo(), {
      message: 'rpc error: code = Unimplemented desc = unknown service runtime.v1.ImageService',
    });
  });
});
