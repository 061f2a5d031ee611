/** Notice types known to the pipeline; each has a renderer registered by the module that owns its facts. */
export const WELCOME_NOTICE = 'WELCOME';
