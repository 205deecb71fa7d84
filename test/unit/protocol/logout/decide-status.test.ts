import { SamlStatus, SloError, SloErrorCode } from '../../../../lib/errors';
import { decideStatus, statusForError } from '../../../../lib/protocol/logout/decide-status';
import {
  endMatchingSessions,
  type LogoutReport,
  type SessionTerminator,
} from '../../../../lib/protocol/logout/end-matching-sessions';
import { MemorySessionIndex } from '../../../../lib/session-index/memory-session-index';
import type { LogoutClaim, SessionIndex } from '../../../../lib/session-index/session-index';

const IDP = 'https://idp.test/metadata';
const ALICE: LogoutClaim = { issuer: IDP, nameID: 'alice@example.com', issuedAt: Date.now() };

async function indexWith(...sessionIds: string[]): Promise<MemorySessionIndex> {
  const index = new MemorySessionIndex();
  for (const sid of sessionIds) {
    await index.add(sid, { issuer: IDP, nameID: 'alice@example.com', sessionIndexes: [`_${sid}`] });
  }
  return index;
}

/** Destroys sessions, failing for the ids in `failing`. */
function terminator(failing: readonly string[] = []): SessionTerminator & { destroyed: string[] } {
  const destroyed: string[] = [];
  return {
    destroyed,
    async destroy(sid) {
      if (failing.includes(sid)) throw new Error(`store down for ${sid}`);
      destroyed.push(sid);
    },
  };
}

const unreadable = async (): Promise<never> => {
  throw new Error('ECONNREFUSED');
};
const unreadableIndex: SessionIndex = {
  shared: true,
  add: async () => {},
  find: unreadable,
  claimForLogout: unreadable,
  touch: async () => 'live',
  tombstone: async () => {},
  remove: async () => {},
  isLoggedOut: () => false,
};

describe('decideStatus', () => {
  describe('after endMatchingSessions', () => {
    it('every matched session destroyed → Success', async () => {
      const end = terminator();
      const report = await endMatchingSessions(ALICE, await indexWith('a', 'b'), end);
      expect(report).toMatchObject({
        sessionsFound: 2,
        sessionsDestroyed: 2,
        failedSessionIds: [],
      });
      expect(end.destroyed.sort()).toEqual(['a', 'b']);
      expect(decideStatus(report, 'success')).toEqual({ status: SamlStatus.Success });
      expect(decideStatus(report, 'unknown-principal')).toEqual({ status: SamlStatus.Success });
    });

    it('one destroy failed → Responder + PartialLogout (SLO_SESSION_DESTROY_FAILED)', async () => {
      const report = await endMatchingSessions(
        ALICE,
        await indexWith('a', 'b', 'c'),
        terminator(['b']),
      );
      expect(report).toMatchObject({
        sessionsFound: 3,
        sessionsDestroyed: 2,
        failedSessionIds: ['b'],
      });
      expect(decideStatus(report, 'success')).toEqual({
        status: SamlStatus.Responder,
        subStatus: SamlStatus.PartialLogout,
        code: SloErrorCode.SessionDestroyFailed,
      });
    });

    it('every destroy failed → Responder + PartialLogout', async () => {
      const report = await endMatchingSessions(ALICE, await indexWith('a'), terminator(['a']));
      expect(decideStatus(report, 'success')).toMatchObject({
        status: SamlStatus.Responder,
        subStatus: SamlStatus.PartialLogout,
      });
    });

    it('the index could not be read → Responder + PartialLogout (SLO_SESSION_INDEX_UNAVAILABLE), never Success', async () => {
      const report = await endMatchingSessions(ALICE, unreadableIndex, terminator());
      expect(report.sessionsFound).toBe(0);
      for (const noSession of ['success', 'unknown-principal'] as const) {
        expect(decideStatus(report, noSession)).toEqual({
          status: SamlStatus.Responder,
          subStatus: SamlStatus.PartialLogout,
          code: SloErrorCode.SessionIndexUnavailable,
        });
      }
    });

    it('no session matched → Success by default', async () => {
      const report = await endMatchingSessions(ALICE, await indexWith(), terminator());
      expect(report.sessionsFound).toBe(0);
      expect(decideStatus(report, 'success')).toEqual({ status: SamlStatus.Success });
    });

    it('no session matched → Requester + UnknownPrincipal when so configured', async () => {
      const report = await endMatchingSessions(ALICE, await indexWith(), terminator());
      expect(decideStatus(report, 'unknown-principal')).toEqual({
        status: SamlStatus.Requester,
        subStatus: SamlStatus.UnknownPrincipal,
      });
    });
  });

  describe('on reports built directly', () => {
    const base: LogoutReport = { sessionsFound: 1, sessionsDestroyed: 1, failedSessionIds: [] };

    it('an error in the report wins over the counts', () => {
      const report: LogoutReport = {
        ...base,
        error: new SloError(SloErrorCode.SessionDestroyFailed, 'x'),
      };
      expect(decideStatus(report, 'success').status).toBe(SamlStatus.Responder);
    });
  });
});

describe('statusForError', () => {
  it.each([
    [SloErrorCode.SignatureInvalid, SamlStatus.Requester, SamlStatus.RequestDenied],
    [SloErrorCode.SignatureMissing, SamlStatus.Requester, SamlStatus.RequestDenied],
    [SloErrorCode.MessageReplayed, SamlStatus.Requester, SamlStatus.RequestDenied],
    [SloErrorCode.VersionMismatch, SamlStatus.VersionMismatch, undefined],
    [SloErrorCode.MessageInvalid, SamlStatus.Requester, undefined],
    [SloErrorCode.Internal, SamlStatus.Responder, undefined],
  ])('%s → %s / %s, with the code', (code, status, subStatus) => {
    const result = statusForError(new SloError(code, 'internal detail'));
    expect(result).toEqual({
      status,
      ...(subStatus === undefined ? {} : { subStatus }),
      code,
    });
  });
});
