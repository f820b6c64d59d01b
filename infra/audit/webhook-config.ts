/**
 * The kubeconfig the kube-apiserver reads with `--audit-webhook-config-file`:
 * where it posts its audit batches (the reconcile function's `/audit`).
 */
export function auditWebhookKubeconfig(url: string, caPem?: string): string {
  const ca =
    caPem === undefined
      ? []
      : [`    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}`];
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: kruise-fn-reconcile',
    '  cluster:',
    `    server: ${url}`,
    ...ca,
    'users:',
    '- name: kube-apiserver',
    'contexts:',
    '- name: default',
    '  context: {cluster: kruise-fn-reconcile, user: kube-apiserver}',
    'current-context: default',
    '',
  ].join('\n');
}
