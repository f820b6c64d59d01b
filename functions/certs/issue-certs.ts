/**
 * Carries out a SecretPlan's Issue: generates what it asks for at `now`.
 */
import { generateCa, generateServingCert } from './pki/generate.js';
import type { Certs, Issue } from './plan-secret.js';

export async function issueCerts(issue: Issue, dnsName: string, now: Date): Promise<Certs> {
  if (issue.kind === 'none') return issue.certs;
  const ca = issue.kind === 'serving' ? issue.ca : await generateCa(now);
  const serving = await generateServingCert(ca, dnsName, now);
  return {
    caKeyPem: ca.keyPem,
    caCertPem: ca.certPem,
    keyPem: serving.keyPem,
    certPem: serving.certPem,
  };
}
