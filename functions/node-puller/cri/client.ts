/**
 * The CRI ImageService (runtime.v1) over the runtime's unix socket, with
 * @grpc/grpc-js and the pinned api.proto (proto-file.ts). Only what the
 * puller uses: PullImage (with AuthConfig and a sandbox config),
 * ImageStatus, ListImages and ImageFsInfo (the readiness probe OpenKruise
 * also uses to tell CRI v1). Failures are CriErrors carrying Go's text of
 * the gRPC status. Credentials are only ever put into the request.
 */
import {
  credentials,
  loadPackageDefinition,
  Metadata,
  type Client,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { toCriError } from './grpc-error.js';

/** OpenKruise's daemon caps CRI answers at 16 MiB (cri.go maxMsgSize). */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface CriAuth {
  readonly username?: string;
  readonly password?: string;
  readonly auth?: string;
  readonly serverAddress?: string;
  readonly identityToken?: string;
  readonly registryToken?: string;
}

export interface CriImage {
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly repoDigests: readonly string[];
  readonly size: string;
}

export interface PullRequest {
  readonly image: string;
  readonly auth?: CriAuth;
  readonly sandboxLabels?: Readonly<Record<string, string>>;
  readonly sandboxAnnotations?: Readonly<Record<string, string>>;
}

export interface CallOptions {
  /** The call fails with DeadlineExceeded after this long. */
  readonly timeoutMs?: number;
  /** Cancels the call (Canceled). */
  readonly signal?: AbortSignal;
}

export interface CriImageService {
  /** The image reference the runtime stored (`sha256:…` for containerd). */
  pullImage(request: PullRequest, options?: CallOptions): Promise<string>;
  /** The image, or undefined when the runtime does not have it. */
  imageStatus(image: string, options?: CallOptions): Promise<CriImage | undefined>;
  listImages(options?: CallOptions): Promise<CriImage[]>;
  imageFsInfo(options?: CallOptions): Promise<void>;
  close(): void;
}

interface RawImage {
  readonly id?: string;
  readonly repoTags?: string[];
  readonly repoDigests?: string[];
  readonly size?: string;
}

const toImage = (raw: RawImage): CriImage => ({
  id: raw.id ?? '',
  repoTags: raw.repoTags ?? [],
  repoDigests: raw.repoDigests ?? [],
  size: raw.size ?? '0',
});

type Unary = (
  request: unknown,
  metadata: unknown,
  options: { deadline?: Date },
  callback: (err: ServiceError | null, response?: unknown) => void,
) => { cancel(): void };

/** `unix:///run/containerd/containerd.sock` for a path; other targets as given. */
export const grpcTarget = (endpoint: string): string =>
  endpoint.startsWith('/') ? `unix://${endpoint}` : endpoint;

type ServiceName = 'ImageService' | 'RuntimeService';

function loadService(protoFile: string, name: ServiceName) {
  const definition = loadSync(protoFile, {
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = loadPackageDefinition(definition) as unknown as {
    runtime: {
      v1: Record<ServiceName, new (target: string, creds: unknown, opts: object) => Client>;
    };
  };
  return pkg.runtime.v1[name];
}

export interface UnaryCaller {
  call<T>(method: string, request: unknown, options?: CallOptions): Promise<T>;
  close(): void;
}

/** Unary calls of the CRI service `name` at `endpoint`; failures are CriErrors. */
export function criCaller(endpoint: string, protoFile: string, name: ServiceName): UnaryCaller {
  const Service = loadService(protoFile, name);
  const client = new Service(grpcTarget(endpoint), credentials.createInsecure(), {
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  });
  const call = <T>(method: string, request: unknown, options: CallOptions = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const fn = (client as unknown as Record<string, Unary>)[method];
      if (fn === undefined) throw new Error(`CRI ${name} has no ${method}`);
      const callOptions =
        options.timeoutMs === undefined
          ? {}
          : { deadline: new Date(Date.now() + options.timeoutMs) };
      const pending = fn.call(client, request, new Metadata(), callOptions, (err, res) => {
        options.signal?.removeEventListener('abort', cancel);
        if (err !== null) reject(toCriError(method, err));
        else resolve(res as T);
      });
      function cancel() {
        pending.cancel();
      }
      if (options.signal?.aborted === true) cancel();
      else options.signal?.addEventListener('abort', cancel, { once: true });
    });
  return { call, close: () => client.close() };
}

/** A client of the CRI ImageService at `endpoint` (a socket path or a gRPC target). */
export function criImageService(endpoint: string, protoFile: string): CriImageService {
  const { call, close } = criCaller(endpoint, protoFile, 'ImageService');
  return {
    async pullImage(request, options) {
      const annotations = { ...request.sandboxAnnotations };
      const res = await call<{ imageRef?: string }>(
        'PullImage',
        {
          image: { image: request.image, annotations: {} },
          ...(request.auth !== undefined && { auth: request.auth }),
          sandboxConfig: { labels: { ...request.sandboxLabels }, annotations },
        },
        options,
      );
      return res.imageRef ?? '';
    },
    async imageStatus(image, options) {
      const res = await call<{ image?: RawImage | null }>(
        'ImageStatus',
        { image: { image }, verbose: false },
        options,
      );
      return res.image === null || res.image === undefined ? undefined : toImage(res.image);
    },
    async listImages(options) {
      const res = await call<{ images?: RawImage[] }>('ListImages', {}, options);
      return (res.images ?? []).map(toImage);
    },
    async imageFsInfo(options) {
      await call('ImageFsInfo', {}, options);
    },
    close,
  };
}
