import {
  ERROR_TABLE,
  SamlStatus,
  SloError,
  SloErrorCode,
  answerFor,
  isSloError,
  type SloErrorCodeValue,
} from '../../../lib/errors';

const CODES = Object.values(SloErrorCode);
const STATUSES: readonly string[] = Object.values(SamlStatus);
const TOP_LEVEL: readonly string[] = [
  SamlStatus.Success,
  SamlStatus.Requester,
  SamlStatus.Responder,
  SamlStatus.VersionMismatch,
];

describe('the error table', () => {
  it('has a row for every code in SloErrorCode', () => {
    const missing = CODES.filter((code) => !(code in ERROR_TABLE));
    expect(missing).toEqual([]);
  });

  it('has no row for a code that does not exist', () => {
    expect(Object.keys(ERROR_TABLE).sort()).toEqual([...CODES].sort());
  });

  it('codes are unique, stable-looking strings', () => {
    expect(new Set(CODES).size).toBe(CODES.length);
    for (const code of CODES) expect(code).toMatch(/^SLO_[A-Z0-9_]+$/);
  });

  describe.each(CODES)('%s', (code) => {
    const row = ERROR_TABLE[code];

    it('answers with a top-level SAML status that is not Success', () => {
      expect(TOP_LEVEL).toContain(row.status);
      expect(row.status).not.toBe(SamlStatus.Success);
    });

    it('has a second-level status only from SamlStatus', () => {
      if (row.subStatus !== undefined) {
        expect(STATUSES).toContain(row.subStatus);
        expect(TOP_LEVEL).not.toContain(row.subStatus);
      }
    });

    it('has an HTTP error status', () => {
      expect(Number.isInteger(row.httpStatus)).toBe(true);
      expect(row.httpStatus).toBeGreaterThanOrEqual(400);
      expect(row.httpStatus).toBeLessThan(600);
    });

    it('says whether SOAP answers with a fault', () => {
      expect(typeof row.soapFault).toBe('boolean');
    });

    it('is what answerFor returns', () => {
      expect(answerFor(code)).toBe(row);
    });
  });

  describe('follows design §6', () => {
    it.each([
      SloErrorCode.SignatureMissing,
      SloErrorCode.SignatureInvalid,
      SloErrorCode.SignatureWrapping,
      SloErrorCode.AlgorithmForbidden,
      SloErrorCode.IssuerUnknown,
      SloErrorCode.DestinationMismatch,
      SloErrorCode.MessageExpired,
      SloErrorCode.MessageReplayed,
    ])('%s is Requester + RequestDenied', (code) => {
      expect(answerFor(code)).toMatchObject({
        status: SamlStatus.Requester,
        subStatus: SamlStatus.RequestDenied,
        soapFault: false,
      });
    });

    it.each([SloErrorCode.SessionDestroyFailed, SloErrorCode.SessionIndexUnavailable])(
      '%s is Responder + PartialLogout',
      (code) => {
        expect(answerFor(code)).toMatchObject({
          status: SamlStatus.Responder,
          subStatus: SamlStatus.PartialLogout,
          soapFault: false,
        });
      },
    );

    it('a wrong Version is VersionMismatch', () => {
      expect(answerFor(SloErrorCode.VersionMismatch).status).toBe(SamlStatus.VersionMismatch);
    });

    it.each([SloErrorCode.MessageInvalid, SloErrorCode.DecryptionFailed])(
      '%s is Requester, answered with a LogoutResponse',
      (code) => {
        expect(answerFor(code)).toMatchObject({ status: SamlStatus.Requester, soapFault: false });
      },
    );

    it.each([
      [SloErrorCode.XmlMalformed, 400],
      [SloErrorCode.XmlForbiddenConstruct, 400],
      [SloErrorCode.SoapMalformed, 400],
      [SloErrorCode.BodyTooLarge, 413],
      [SloErrorCode.UnsupportedMediaType, 415],
      [SloErrorCode.MethodNotAllowed, 405],
    ] as Array<[SloErrorCodeValue, number]>)(
      '%s cannot be answered with SAML: SOAP fault, HTTP %i',
      (code, httpStatus) => {
        expect(answerFor(code)).toMatchObject({ soapFault: true, httpStatus });
      },
    );
  });
});

describe('SloError', () => {
  it('carries its code, option and inResponseTo', () => {
    const cause = new Error('root');
    const err = new SloError(SloErrorCode.OptionInvalid, 'bad', { option: 'sp.entityID', cause });
    expect(err).toBeInstanceOf(Error);
    expect(isSloError(err)).toBe(true);
    expect(isSloError(new Error('x'))).toBe(false);
    expect(err).toMatchObject({
      name: 'SloError',
      code: 'SLO_OPTION_INVALID',
      option: 'sp.entityID',
    });
    expect(err.cause).toBe(cause);
  });

  it('withInResponseTo returns a copy naming the message, keeping code, message and cause', () => {
    const cause = new Error('root');
    const err = new SloError(SloErrorCode.SignatureInvalid, 'bad', { cause });
    const named = err.withInResponseTo('_req1');
    expect(named).not.toBe(err);
    expect(named).toMatchObject({ code: err.code, message: 'bad', inResponseTo: '_req1' });
    expect(named.cause).toBe(cause);
    expect(err.inResponseTo).toBeUndefined();
  });

  it('withInResponseTo keeps an ID already set, and ignores undefined', () => {
    const err = new SloError(SloErrorCode.MessageInvalid, 'x', { inResponseTo: '_first' });
    expect(err.withInResponseTo('_second').inResponseTo).toBe('_first');
    const plain = new SloError(SloErrorCode.MessageInvalid, 'x');
    expect(plain.withInResponseTo(undefined)).toBe(plain);
  });
});
