import { SamlStatus } from '../../lib';
import { soapEnvelope } from '../../lib/testing';
import { keys } from '../support/keys';
import { startSp, type SpHarness } from '../support/sp-app';
import {
  expectPlainRefusal,
  postForm,
  postedResponse,
  type Reply,
} from '../front-channel/support/front-channel';
import {
  SOAP11_NS,
  expectSamlRefusal,
  expectSoap11Fault,
} from '../rejections/support/live-sessions';
import {
  wrappingVariants,
  type WrappedDelivery,
  type WrappingBinding,
  type WrappingParts,
} from './support/wrapping-variants';

const ALICE = { nameID: 'alice@example.com', sessionIndex: '_alice-session-1' } as const;
const BOB = { nameID: 'bob@example.com', sessionIndex: '_bob-session-1' } as const;
/** The IdP's front-channel SingleLogoutService, where POST refusals are sent back. */
const IDP_POST_SLO = 'https://idp.test/slo';

/** A reply from the SP, whichever binding it came by. */
type SpReply = { binding: 'soap'; status: number; contentType: string; body: string } | Reply;

async function startSpFor(binding: WrappingBinding): Promise<SpHarness> {
  if (binding === 'soap') return startSp();
  const idpEntityID = 'https://idp.test/metadata';
  return startSp({
    slo: {
      idps: [
        {
          entityID: idpEntityID,
          signingCertificates: keys.idp.certificate,
          singleLogoutService: { post: IDP_POST_SLO },
        },
      ],
    },
  });
}

async function deliver(
  sp: SpHarness,
  binding: WrappingBinding,
  delivery: WrappedDelivery,
): Promise<SpReply> {
  if (binding === 'soap') {
    const envelope =
      delivery.soapHeader === undefined
        ? soapEnvelope(delivery.message, '1.1')
        : `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Header>${delivery.soapHeader}</soap:Header>` +
          `<soap:Body>${delivery.message}</soap:Body></soap:Envelope>`;
    return { binding, ...(await sp.postSoap(envelope)) };
  }
  if (delivery.soapHeader !== undefined) throw new Error('a soap:Header cannot go by POST');
  // Cookie-less, as a browser arriving from the IdP (or a server) would post it.
  return postForm(sp, { SAMLRequest: Buffer.from(delivery.message, 'utf8').toString('base64') });
}

/**
 * XML Signature Wrapping, one catalog on both bindings that carry an enveloped signature:
 * a genuine IdP-signed LogoutRequest (naming bob's session) is rearranged so that the
 * element the SP would act on is an unsigned forgery naming alice's. Every variant must be
 * refused with its exact code, and neither alice nor bob may lose their session.
 */
describe.each(['soap', 'post'] as const)('%s: signature wrapping is refused', (binding) => {
  let sp: SpHarness;
  let aliceCookie: string;
  let bobCookie: string;

  beforeEach(async () => {
    sp = await startSpFor(binding);
    aliceCookie = await sp.login(ALICE.nameID, [ALICE.sessionIndex]);
    bobCookie = await sp.login(BOB.nameID, [BOB.sessionIndex]);
  });
  afterEach(async () => {
    await sp.close();
  });

  function parts(): WrappingParts {
    return {
      genuine: sp.idp.buildLogoutRequest({
        destination: sp.logoutUrl,
        nameID: BOB.nameID,
        sessionIndexes: [BOB.sessionIndex],
        sign: true,
      }),
      forged: sp.idp.buildLogoutRequest({
        destination: sp.logoutUrl,
        nameID: ALICE.nameID,
        sessionIndexes: [ALICE.sessionIndex],
        sign: false,
      }),
      idpKey: keys.idp,
    };
  }

  async function expectBothStillLoggedIn(): Promise<void> {
    const [alice, bob] = await Promise.all([sp.me(aliceCookie), sp.me(bobCookie)]);
    expect({ alice: alice?.user.nameID, bob: bob?.user.nameID }).toEqual({
      alice: ALICE.nameID,
      bob: BOB.nameID,
    });
  }

  it.each(wrappingVariants)('$name', async (variant) => {
    const made = parts();
    const reply = await deliver(sp, binding, variant.build(made, binding));
    const expected = variant.expected[binding];

    switch (expected.kind) {
      case 'logout-response': {
        const inResponseTo = made[expected.inResponseTo].id;
        if ('binding' in reply) {
          expectSamlRefusal(sp, reply, { code: expected.code, inResponseTo });
        } else {
          const response = postedResponse(sp, reply);
          expect({
            action: response.action,
            signatureValid: response.signatureValid,
            status: response.status,
            subStatus: response.subStatus,
            statusMessage: response.statusMessage,
            inResponseTo: response.inResponseTo,
          }).toEqual({
            action: IDP_POST_SLO,
            signatureValid: true,
            status: SamlStatus.Requester,
            subStatus: SamlStatus.RequestDenied,
            statusMessage: expected.code,
            inResponseTo,
          });
        }
        break;
      }
      case 'soap-fault':
        if (!('binding' in reply)) throw new Error('a SOAP Fault is expected only over SOAP');
        expectSoap11Fault(reply, { code: expected.code, httpStatus: expected.httpStatus });
        break;
      case 'plain-text':
        if ('binding' in reply) throw new Error('a plain-text refusal is expected only over POST');
        expectPlainRefusal(reply, expected.status, expected.code);
        break;
    }

    await expectBothStillLoggedIn();
  });

  it('positive control: the genuine signed request alone ends bob’s session, not alice’s', async () => {
    const { genuine } = parts();
    const reply = await deliver(sp, binding, { message: genuine.xml });
    if ('binding' in reply) {
      expect(reply.status).toBe(200);
      expect(sp.idp.readLogoutResponse(reply.body, keys.sp.certificate)).toMatchObject({
        signatureValid: true,
        status: SamlStatus.Success,
        inResponseTo: genuine.id,
      });
    } else {
      expect(postedResponse(sp, reply)).toMatchObject({
        action: IDP_POST_SLO,
        signatureValid: true,
        status: SamlStatus.Success,
        inResponseTo: genuine.id,
      });
    }
    expect(await sp.me(bobCookie)).toBeNull();
    expect((await sp.me(aliceCookie))?.user.nameID).toBe(ALICE.nameID);
  });
});
