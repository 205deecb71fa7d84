"""A pysaml2 (Debian python3-pysaml2 7.0.1) Identity Provider for saml-slo's interop tests.

Run with /usr/bin/python3 (Debian's saml2 is not importable from a pyenv python):

    /usr/bin/python3 idp_server.py ENTITY_ID KEY_PEM CERT_PEM

It listens on a free loopback port and prints one JSON line {"port": N} on stdout. The test
then drives it over HTTP:

  GET  /health                       -> 200 "ok"
  POST /control/configure            {spMetadata}                  -> build the saml2 Server
  POST /control/authn-response       {nameID, acsUrl}              -> a signed SSO Response
  POST /control/soap-logout          {nameID, sessionIndexes}      -> send a SOAP LogoutRequest
                                                                      to the SP, check its reply
  POST /control/redirect-logout      {nameID, sessionIndexes, relayState}
                                                                   -> a query-signed Redirect URL
  GET  /control/events                                             -> what /slo/redirect saw
  GET  /slo/redirect?SAMLRequest=... -> SP-initiated logout: verify, answer by Redirect (303)
  GET  /slo/redirect?SAMLResponse=.. -> answer to our Redirect LogoutRequest: verify, record

Every control reply is JSON; a failure is HTTP 500 {"error", "traceback"}. pysaml2 logs go to
stderr, which the test prints when something fails.
"""

import base64
import json
import logging
import os
import re
import sys
import tempfile
import traceback
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, BINDING_SOAP
from saml2.config import Config
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.response import LogoutResponse
from saml2.server import Server
from saml2.sigver import verify_redirect_signature
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

# saml2 at INFO prints every message it builds or parses; WARNING keeps failures readable.
logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
log = logging.getLogger("pysaml2-idp")
log.setLevel(logging.INFO)

ENTITY_ID, KEY_FILE, CERT_FILE = sys.argv[1:4]
state = {
    "server": None,  # saml2.server.Server, built by /control/configure
    "base": None,  # http://127.0.0.1:PORT
    "logins": {},  # SessionIndex we issued -> NameID text (to check SP-initiated requests)
    "outstanding": set(),  # IDs of our LogoutRequests still waiting for an answer
    "events": [],  # what arrived at /slo/redirect
}


def build_server(sp_metadata):
    """A saml2 Server whose only trusted SP is the one in sp_metadata."""
    md_file = tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False)
    md_file.write(sp_metadata)
    md_file.close()
    base = state["base"]
    config = Config().load(
        {
            "entityid": ENTITY_ID,
            "key_file": KEY_FILE,
            "cert_file": CERT_FILE,
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "metadata": {"local": [md_file.name]},
            "allow_unknown_attributes": True,
            "only_use_keys_in_metadata": True,  # never trust a certificate inside a message
            "accepted_time_diff": 60,
            "signing_algorithm": SIG_RSA_SHA256,
            "digest_algorithm": DIGEST_SHA256,
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [(base + "/sso", BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [
                            (base + "/slo/soap", BINDING_SOAP),
                            (base + "/slo/redirect", BINDING_HTTP_REDIRECT),
                            (base + "/slo/post", BINDING_HTTP_POST),
                        ],
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "policy": {"default": {"lifetime": {"minutes": 15}}},
                }
            },
        }
    )
    state["server"] = Server(config=config)
    os.unlink(md_file.name)  # loaded by now
    return {"idpSlo": {"soap": base + "/slo/soap", "redirect": base + "/slo/redirect"}}


def sp_entity_id():
    return next(iter(state["server"].metadata.keys()))


def sp_slo(binding):
    """The SP's SingleLogoutService location for a binding, from its metadata."""
    return state["server"].metadata.single_logout_service(sp_entity_id(), binding, "spsso")[0][
        "location"
    ]


def name_id(value):
    return NameID(
        text=value,
        format=NAMEID_FORMAT_PERSISTENT,
        name_qualifier=ENTITY_ID,
        sp_name_qualifier=sp_entity_id(),
    )


def authn_response(body):
    """create_authn_response, Response and Assertion both signed; pysaml2 picks the SessionIndex."""
    server = state["server"]
    response = server.create_authn_response(
        identity={"uid": [body["nameID"]]},
        in_response_to=None,
        destination=body["acsUrl"],
        sp_entity_id=sp_entity_id(),
        name_id=name_id(body["nameID"]),
        authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
        sign_response=True,
        sign_assertion=True,
    )
    xml = str(response)
    session_index = re.search(r'SessionIndex="([^"]+)"', xml).group(1)
    state["logins"][session_index] = body["nameID"]
    return {
        "samlResponse": base64.b64encode(xml.encode()).decode(),
        "sessionIndex": session_index,
        "nameID": body["nameID"],
        "nameIDFormat": NAMEID_FORMAT_PERSISTENT,
        "issuer": ENTITY_ID,
    }


def soap_body_child(envelope):
    """The Body's child exactly as sent (pysaml2's own SOAP unwrapping re-serialises it)."""
    match = re.search(r"<(?:[\w.-]+:)?Body\b[^>]*>(.*)</(?:[\w.-]+:)?Body>", envelope, re.S)
    if not match:
        raise ValueError("no SOAP Body in: " + envelope)
    return match.group(1).strip()


def soap_logout(body):
    """Back-channel logout: sign the LogoutRequest, wrap it in SOAP ourselves (apply_binding(
    BINDING_SOAP, sign=True) fails in 7.0.1), POST it to the SP, verify and parse the answer."""
    server = state["server"]
    destination = sp_slo(BINDING_SOAP)
    req_id, request = server.create_logout_request(
        destination,
        ENTITY_ID,
        name_id=name_id(body["nameID"]),
        session_indexes=body.get("sessionIndexes") or None,
        sign=True,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    envelope = (
        '<soap11:Envelope xmlns:soap11="http://schemas.xmlsoap.org/soap/envelope/">'
        "<soap11:Body>%s</soap11:Body></soap11:Envelope>"
        % re.sub(r"^<\?xml[^>]*\?>\s*", "", str(request))  # no XML declaration inside a Body
    )
    http_request = urllib.request.Request(
        destination,
        data=envelope.encode(),
        headers={
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": "http://www.oasis-open.org/committees/security",
        },
    )
    try:
        with urllib.request.urlopen(http_request, timeout=10) as reply:
            http_status, reply_body = reply.status, reply.read().decode()
    except urllib.error.HTTPError as err:  # a SOAP Fault comes with HTTP 500
        raise RuntimeError("SP answered HTTP %d: %s" % (err.code, err.read().decode()))
    exact = soap_body_child(reply_body)
    # Signature check against the SP metadata key, on the LogoutResponse as sent.
    server.sec.correctly_signed_logout_response(exact, must=True)
    # pysaml2's own SOAP path, for the record: does its re-serialised Body still verify?
    try:
        reserialised = server.unravel(reply_body, BINDING_SOAP, "logout_response")
        server.sec.correctly_signed_logout_response(reserialised, must=True)
        soap_unwrap_verifies = True
    except Exception as exc:  # the known ns0: re-serialisation quirk
        log.info("pysaml2 SOAP unwrap breaks the signature: %s", exc)
        soap_unwrap_verifies = False
    # pysaml2's parser on the exact message (binding None = already unwrapped).
    parsed = server._parse_response(
        exact,
        LogoutResponse,
        "single_logout_service",
        None,
        asynchop=False,
    )
    return dict(
        describe_response(parsed, req_id),
        httpStatus=http_status,
        requestId=req_id,
        signatureVerified=True,
        pysaml2SoapUnwrapVerifies=soap_unwrap_verifies,
    )


def describe_response(parsed, req_id):
    """status_ok() raises on a non-Success status; verify() checks InResponseTo/Destination."""
    message = parsed.response
    return {
        "issuer": parsed.issuer(),
        "inResponseTo": message.in_response_to,
        "status": message.status.status_code.value,
        "statusOk": bool(parsed.status_ok()),
        "verified": bool(parsed.verify()) and message.in_response_to == req_id,
        "destination": message.destination,
    }


def redirect_logout(body):
    """IdP-initiated front-channel logout: an unsigned XML, signed in the query (SigAlg)."""
    server = state["server"]
    destination = sp_slo(BINDING_HTTP_REDIRECT)
    req_id, request = server.create_logout_request(
        destination,
        ENTITY_ID,
        name_id=name_id(body["nameID"]),
        session_indexes=body.get("sessionIndexes") or None,
        sign=False,
    )
    info = server.apply_binding(
        BINDING_HTTP_REDIRECT,
        str(request),
        destination,
        body.get("relayState", ""),
        sign=True,
        sigalg=SIG_RSA_SHA256,
    )
    state["outstanding"].add(req_id)
    return {"requestId": req_id, "url": dict(info["headers"])["Location"]}


def query_signature_ok(query, issuer):
    """verify_redirect_signature with the SP's metadata signing certificate(s)."""
    server = state["server"]
    certs = server.metadata.certs(issuer, "spsso", "signing")
    return any(verify_redirect_signature(query, server.sec.sec_backend, cert) for cert in certs)


def on_redirect(query):
    """/slo/redirect: a LogoutRequest (SP-initiated) or a LogoutResponse (to ours)."""
    server = state["server"]
    if "SAMLResponse" in query:
        parsed = server.parse_logout_request_response(query["SAMLResponse"], BINDING_HTTP_REDIRECT)
        req_id = parsed.response.in_response_to
        tampered = dict(query, SAMLResponse="A" + query["SAMLResponse"])  # any change must fail
        event = dict(
            describe_response(parsed, req_id),
            kind="LogoutResponse",
            wasOutstanding=req_id in state["outstanding"],
            relayState=query.get("RelayState"),
            sigAlg=query.get("SigAlg"),
            signatureVerified=query_signature_ok(query, parsed.issuer()),
            tamperedRejected=not query_signature_ok(tampered, parsed.issuer()),
        )
        state["outstanding"].discard(req_id)
        state["events"].append(event)
        return 200, {"Content-Type": "application/json"}, json.dumps(event)

    request = server.parse_logout_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
    message = request.message
    issuer = message.issuer.text
    indexes = [si.text for si in message.session_index]
    event = {
        "kind": "LogoutRequest",
        "issuer": issuer,
        "requestId": message.id,
        "destination": message.destination,
        "nameID": message.name_id.text,
        "nameIDFormat": message.name_id.format,
        "nameQualifier": message.name_id.name_qualifier,
        "spNameQualifier": message.name_id.sp_name_qualifier,
        "sessionIndexes": indexes,
        "sigAlg": query.get("SigAlg"),
        "signatureVerified": query_signature_ok(query, issuer),
        # every SessionIndex is one we issued, to this NameID
        "matchesLogin": bool(indexes)
        and all(state["logins"].get(i) == message.name_id.text for i in indexes),
    }
    state["events"].append(event)
    if not event["signatureVerified"] or not event["matchesLogin"]:
        return 400, {"Content-Type": "application/json"}, json.dumps(event)
    response = server.create_logout_response(message, [BINDING_HTTP_REDIRECT], sign=False)
    info = server.apply_binding(
        BINDING_HTTP_REDIRECT,
        str(response),
        response.destination,
        query.get("RelayState", ""),
        response=True,
        sign=True,
        sigalg=SIG_RSA_SHA256,
    )
    event["responseId"] = response.id
    return 303, {"Location": dict(info["headers"])["Location"]}, ""


CONTROL = {
    "/control/configure": lambda body: build_server(body["spMetadata"]),
    "/control/authn-response": authn_response,
    "/control/soap-logout": soap_logout,
    "/control/redirect-logout": redirect_logout,
}


class Handler(BaseHTTPRequestHandler):
    def reply(self, status, headers, text):
        data = text.encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def fail(self, exc):
        log.error("request failed: %s", traceback.format_exc())
        error = {"error": repr(exc), "traceback": traceback.format_exc()}
        self.reply(500, {"Content-Type": "application/json"}, json.dumps(error))

    def do_GET(self):
        url = urlparse(self.path)
        try:
            if url.path == "/health":
                return self.reply(200, {"Content-Type": "text/plain"}, "ok")
            if url.path == "/control/events":
                return self.reply(200, {"Content-Type": "application/json"}, json.dumps(state["events"]))
            if url.path == "/slo/redirect":
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                return self.reply(*on_redirect(query))
            self.reply(404, {}, "not found")
        except Exception as exc:
            self.fail(exc)

    def do_POST(self):
        try:
            handler = CONTROL[urlparse(self.path).path]
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            self.reply(200, {"Content-Type": "application/json"}, json.dumps(handler(body)))
        except Exception as exc:
            self.fail(exc)

    def log_message(self, fmt, *args):
        log.info("http: " + fmt, *args)


if __name__ == "__main__":
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["base"] = "http://127.0.0.1:%d" % httpd.server_address[1]
    print(json.dumps({"port": httpd.server_address[1]}), flush=True)
    httpd.serve_forever()
