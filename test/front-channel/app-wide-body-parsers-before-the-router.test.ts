import type { IncomingMessage, ServerResponse } from 'node:http';
import express5 from 'express';
import express4 from 'express4';
import { SamlStatus } from '../../lib';
import type { SpHarness } from '../support/sp-app';
import { expectSoap11Fault } from '../rejections/support/live-sessions';
import { keys } from '../support/keys';
import {
  expectLoggedIn,
  expectPlainRefusal,
  postForm,
  postFormBody,
  postedResponse,
  startFrontChannelSp,
} from './support/front-channel';

// Real apps mount body parsers app-wide, before saml-slo's router: the logout endpoint must
// still read what they leave, or say clearly that it cannot.
const FLAVOURS = [
  ['express 5', 'express5', express5],
  ['express 4', 'express4', express4],
] as const;

describe.each(FLAVOURS)(
  '%s: app-wide body parsers mounted before slo.router()',
  (_n, flavour, express) => {
    describe.each([
      ['express.urlencoded({ extended: false })', false],
      ['express.urlencoded({ extended: true })', true],
    ])('%s', (_name, extended) => {
      let sp: SpHarness;
      beforeAll(async () => {
        sp = await startFrontChannelSp({
          express: flavour,
          beforeRouter: [express.urlencoded({ extended })],
        });
      });
      afterAll(() => sp.close());

      it('an HTTP-POST LogoutRequest still ends the session it names, and only that one', async () => {
        const alice = await sp.login('alice', ['_a1']);
        const bob = await sp.login('bob', ['_b1']);
        const { id, fields } = sp.idp.buildPostLogoutRequest({
          destination: sp.logoutUrl,
          nameID: 'alice',
          sessionIndexes: ['_a1'],
          relayState: 'state+with/base64=chars',
        });
        const answer = postedResponse(sp, await postForm(sp, fields));
        expect(answer).toMatchObject({
          signatureValid: true,
          inResponseTo: id,
          status: SamlStatus.Success,
          relayState: 'state+with/base64=chars',
        });
        expect(await sp.me(alice)).toBeNull();
        await expectLoggedIn(sp, bob);
      });

      it('a SAMLRequest given twice is still refused (400, SLO_MESSAGE_INVALID)', async () => {
        const alice = await sp.login('alice', ['_a2']);
        const { fields } = sp.idp.buildPostLogoutRequest({
          destination: sp.logoutUrl,
          nameID: 'alice',
        });
        const body = `SAMLRequest=${encodeURIComponent(fields.SAMLRequest!)}&SAMLRequest=x`;
        expectPlainRefusal(await postFormBody(sp, body), 400, 'SLO_MESSAGE_INVALID');
        await expectLoggedIn(sp, alice);
      });

      it('a SOAP request, which the form parser leaves unread, is still answered', async () => {
        const carol = await sp.login('carol', ['_c1']);
        const request = sp.idp.buildSoapLogoutRequest({
          destination: sp.logoutUrl,
          nameID: 'carol',
        });
        const reply = await sp.postSoap(request.envelope, request.contentType);
        expect(reply.status).toBe(200);
        expect(sp.idp.readLogoutResponse(reply.body, keys.sp.certificate).status).toBe(
          SamlStatus.Success,
        );
        expect(await sp.me(carol)).toBeNull();
      });
    });

    it('a nested SAMLRequest from the extended parser is refused (400, SLO_MESSAGE_INVALID)', async () => {
      const sp = await startFrontChannelSp({
        express: flavour,
        beforeRouter: [express.urlencoded({ extended: true })],
      });
      try {
        const reply = await postFormBody(sp, 'SAMLRequest[a]=PHg%2BPC94Pg%3D%3D');
        expect(reply.status).toBe(400);
        expect(reply.body).toBe('SAML logout refused: SLO_MESSAGE_INVALID\n');
      } finally {
        await sp.close();
      }
    });

    it('a body read by another middleware into nothing usable: SOAP Fault SLO_BODY_ALREADY_READ (500, soap:Server)', async () => {
      // Reads XML bodies and keeps nothing (as an XML parser that only validates would).
      const swallow = (req: IncomingMessage, _res: ServerResponse, next: () => void) => {
        if (!String(req.headers['content-type']).startsWith('text/xml')) return next();
        req.resume();
        req.on('end', () => next());
      };
      const sp = await startFrontChannelSp({ express: flavour, beforeRouter: [swallow] });
      try {
        const dave = await sp.login('dave', ['_d1']);
        const request = sp.idp.buildSoapLogoutRequest({
          destination: sp.logoutUrl,
          nameID: 'dave',
        });
        const reply = await sp.postSoap(request.envelope, request.contentType);
        expectSoap11Fault(reply, {
          code: 'SLO_BODY_ALREADY_READ',
          httpStatus: 500,
          faultcode: 'soap:Server',
        });
        await expectLoggedIn(sp, dave);
      } finally {
        await sp.close();
      }
    });
  },
);
