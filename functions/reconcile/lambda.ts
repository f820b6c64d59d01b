/**
 * Lambda entry: the handler of lambda-handler.ts over the process's deps
 * (kubeconfig, gates, controllers, logger), built once per execution
 * environment at load.
 */
import { createLambdaHandler } from './lambda-handler.js';
import { processDeps } from './process.js';

export type { LambdaResult } from './lambda-handler.js';

export const handler = createLambdaHandler(processDeps());
