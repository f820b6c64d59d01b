/**
 * The names of OpenKruise's two webhook configurations (chart 1.7.3
 * `templates/webhookconfiguration.yaml`): the installer (infra/webhooks)
 * writes them from the admission function's descriptors, and the certs
 * function writes its CA into them as `caBundle`.
 */
export const MUTATING_CONFIGURATION_NAME = 'kruise-mutating-webhook-configuration';
export const VALIDATING_CONFIGURATION_NAME = 'kruise-validating-webhook-configuration';
