export { SloErrorCode, type SloErrorCodeValue } from './error-codes';
export { SamlStatus, type SamlStatusValue } from './saml-status';
export { ERROR_TABLE, answerFor, type ErrorAnswer } from './error-table';
export { SloError, isSloError, toSloError } from './slo-error';
