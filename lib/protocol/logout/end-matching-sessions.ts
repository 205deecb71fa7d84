import { isSloError, SloError, SloErrorCode } from '../../errors';
import {
  remembersLogoutRequests,
  type ClaimAndEnd,
  type LogoutClaim,
  type LogoutRequestId,
  type SessionIndex,
} from '../../session-index/session-index';

/**
 * Ends one session through the app's own session store (never around it). Implemented
 * by the Express layer over express-session's `store.destroy`.
 *
 * @example
 * ```ts
 * const terminator: SessionTerminator = { destroy: (sid) => promisify(store.destroy.bind(store))(sid) };
 * ```
 */
export interface SessionTerminator {
  /**
   * Destroys `sessionId`. `owner` is the user the logout named (IdP, NameID, Format): enough
   * to find the session's index entry without reading the session first. With `tidying`,
   * resolves as soon as the session is gone and hands clean-up it left running (removing the
   * session's index entry) to `tidying` instead of waiting for it.
   */
  destroy(sessionId: string, owner?: SessionOwner, tidying?: Tidying): Promise<void>;
  /**
   * Optional: the session index ends this store's sessions itself, inside its claim (see
   * `SessionIndex.endsSessionsOf`). `endMatchingSessions` then makes one atomic call instead
   * of a claim and a destroy per session, tells `ended` of each session it ended, and
   * destroys any it left (`notEnded`) with `destroy`.
   */
  readonly endsInClaim?: SessionsEndedInClaim;
}

/**
 * How a {@link SessionTerminator} ends sessions inside the index's claim: the claim itself,
 * and what to do after it for each session it ended (forget it in this process, run hooks).
 *
 * @example
 * ```ts
 * const endsInClaim: SessionsEndedInClaim = { claimAndEnd, ended: async (sid) => store.forgetEnded(sid) };
 * ```
 */
export interface SessionsEndedInClaim {
  readonly claimAndEnd: ClaimAndEnd;
  /** Called for each session the claim ended; like `destroy`, may hand work to `tidying`. */
  ended(sessionId: string, tidying?: Tidying): Promise<void>;
}

/**
 * Receives clean-up work a destroy left running, so the caller can overlap it with building
 * its answer and wait for it before answering. The work never rejects (failures are logged:
 * a stale index entry only costs a no-op destroy later).
 *
 * @example
 * ```ts
 * const work: Promise<void>[] = [];
 * const report = await endMatchingSessions(claim, index, terminator, { tidying: (w) => work.push(w) });
 * const [answer] = await Promise.all([buildAnswer(report), Promise.all(work)]);
 * ```
 */
export type Tidying = (work: Promise<void>) => void;

/** Whose session it is, as far as the session index keys it. */
export interface SessionOwner {
  readonly issuer: string;
  readonly nameID: string;
  readonly nameIDFormat?: string;
}

/** What ending the sessions of a LogoutRequest did. */
export interface LogoutReport {
  readonly sessionsFound: number;
  readonly sessionsDestroyed: number;
  /** Session ids whose destroy failed (they may still be alive). */
  readonly failedSessionIds: readonly string[];
  /**
   * Set when anything failed: `SLO_SESSION_INDEX_UNAVAILABLE` or `SLO_SESSION_DESTROY_FAILED`;
   * or `SLO_MESSAGE_REPLAYED` when the index refused `request` as a replay (nothing done).
   */
  readonly error?: SloError;
}

/**
 * Claims every session the logout names (recording the logout and tombstoning them, so
 * neither a late login nor an in-flight request can bring them back), then destroys each
 * through the session store, in parallel; reports honestly which could not be destroyed.
 * With `terminator.endsInClaim`, the claim itself ends them (in the same atomic step), but
 * for any it leaves to be destroyed through the store.
 * Never throws.
 *
 * @example
 * ```ts
 * const report = await endMatchingSessions({ ...request, issuedAt: Date.now() }, index, terminator);
 * if (report.error) console.warn(report.error.code, report.failedSessionIds.length);
 * ```
 */
export async function endMatchingSessions(
  claim: LogoutClaim,
  index: SessionIndex,
  terminator: SessionTerminator,
  options: {
    /** Receives the clean-up the destroys left running (see {@link Tidying}). */
    readonly tidying?: Tidying;
    /** Remember this LogoutRequest in the claim (only for an index that remembers requests). */
    readonly request?: LogoutRequestId;
  } = {},
): Promise<LogoutReport> {
  const { tidying, request } = options;
  const inClaim = terminator.endsInClaim;
  let sessionIds: string[];
  let ended: string[] = [];
  try {
    const remembering = remembersLogoutRequests(index) ? index : undefined;
    if (request && !remembering) {
      // Never claim without the replay check the caller left to the index.
      throw new SloError(SloErrorCode.Internal, 'the session index does not remember requests');
    }
    if (inClaim) {
      const reply = await inClaim.claimAndEnd(claim, request);
      if (!Array.isArray(reply?.ended) || !Array.isArray(reply?.notEnded)) {
        throw new SloError(SloErrorCode.Internal, 'the claim answered no { ended, notEnded }');
      }
      ({ ended, notEnded: sessionIds } = reply);
    } else if (request && remembering) {
      sessionIds = await remembering.claimForLogoutRequest(claim, request);
    } else sessionIds = await index.claimForLogout(claim);
  } catch (cause) {
    return {
      sessionsFound: 0,
      sessionsDestroyed: 0,
      failedSessionIds: [],
      error:
        request && isSloError(cause) && cause.code === SloErrorCode.MessageReplayed
          ? cause
          : indexUnavailable(cause),
    };
  }
  // Those the claim ended are gone already: only the rest can still fail.
  const afterClaim = inClaim && Promise.allSettled(ended.map((sid) => inClaim.ended(sid, tidying)));
  const owner: SessionOwner = {
    issuer: claim.issuer,
    nameID: claim.nameID,
    ...(claim.nameIDFormat === undefined ? {} : { nameIDFormat: claim.nameIDFormat }),
  };
  const [results] = await Promise.all([
    Promise.allSettled(sessionIds.map((sid) => terminator.destroy(sid, owner, tidying))),
    afterClaim,
  ]);
  const failedSessionIds = sessionIds.filter((_, i) => results[i]!.status === 'rejected');
  const firstFailure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const found = ended.length + sessionIds.length;
  return {
    sessionsFound: found,
    sessionsDestroyed: found - failedSessionIds.length,
    failedSessionIds,
    ...(firstFailure
      ? {
          error: new SloError(
            SloErrorCode.SessionDestroyFailed,
            `${failedSessionIds.length} of ${found} sessions could not be destroyed`,
            { cause: firstFailure.reason },
          ),
        }
      : {}),
  };
}

/**
 * The error of a session index that could not answer: `SLO_SESSION_INDEX_UNAVAILABLE`,
 * reported as PartialLogout (nothing was done).
 *
 * @example
 * ```ts
 * const error = indexUnavailable(redisError);
 * ```
 */
export function indexUnavailable(cause: unknown): SloError {
  return new SloError(SloErrorCode.SessionIndexUnavailable, 'the session index could not be read', {
    cause,
  });
}
