/**
 * saml-slo: SAML 2.0 Single Logout for Express Service Providers.
 *
 * @example
 * ```ts
 * import { createSlo } from 'saml-slo';
 * const slo = createSlo(options);
 * ```
 * @packageDocumentation
 */
export { createSlo, type Slo, type LogoutUserResult } from './create-slo';
export type {
  SloOptions,
  IdpOptions,
  SessionStoreLike,
  SessionDataLike,
  PemInput,
} from './options/slo-options';
export { SloError, isSloError, SloErrorCode, SamlStatus, ERROR_TABLE, answerFor } from './errors';
export type { SloErrorCodeValue, SamlStatusValue, ErrorAnswer } from './errors';
export type {
  SessionIndex,
  SessionQuery,
  ReplayCache,
  LogoutClaim,
  LogoutRequestId,
  ClaimAndEnd,
  SessionState,
  LogoutGuardOptions,
} from './session-index/session-index';
export type { LogoutReport } from './protocol/logout/end-matching-sessions';
export type { LoginRecord } from './session-index/login-record';
export {
  MemorySessionIndex,
  type MemorySessionIndexOptions,
} from './session-index/memory-session-index';
export { MemoryReplayCache } from './session-index/memory-replay-cache';
export { SloSessionStore, SLO_SESSION_KEY } from './express/slo-session-store';
export type { SloRequestHandler } from './express/slo-router';
export type { SamlStrategyLike } from './passport/track-saml-logins';
export type { SloLogger } from './logging/logger';
export type { VerifiedLogoutRequest } from './protocol/logout-request/logout-request';
export type { NoSessionStatus } from './protocol/logout/decide-status';
export type { SigningAlgorithmName } from './protocol/xml-signature/algorithms';
export {
  idpFromMetadata,
  type IdpFromMetadata,
  type IdpMetadataOptions,
} from './protocol/metadata/read-idp-metadata';
export type { StartLogoutOptions } from './express/start-logout-handler';
export type { SloBinding, EndpointRef } from './protocol/message/idp-descriptor';
export type { EndpointInput } from './options/slo-options';
export type { LogoutResult } from './protocol/logout-response/verify-logout-response';
export type {
  SloHooks,
  BeforeLogoutEvent,
  LogoutVeto,
  SessionDestroyedEvent,
  AfterLogoutEvent,
  SpLogoutResult,
  SpLogoutResultEvent,
  LogoutTrigger,
} from './hooks/hook-events';
export { DEFAULT_HOOKS } from './hooks/default-hooks';
export { NO_METRICS, type SloMetrics } from './metrics/slo-metrics';
export { silentLogger } from './logging/logger';
