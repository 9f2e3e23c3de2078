import { Hono } from 'hono'
import type { Runtime } from '../config'

/**
 * The hosted UI's one script, served from our own origin (the passkey pages allow `script-src
 * 'self'`, nothing inline). A form marked `data-passkey="get"` or `"create"` carries the ceremony's
 * options as JSON in `data-options`; its button runs navigator.credentials, writes the result as
 * JSON into the form's `credential` field and posts the form (CSRF token and all).
 */
const SCRIPT = `'use strict';
(function () {
  var form = document.querySelector('form[data-passkey]');
  if (!form) return;
  var mode = form.getAttribute('data-passkey');
  var options = JSON.parse(form.getAttribute('data-options'));
  var status = document.getElementById('passkey-status');
  function bytes(text) {
    var b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) b64 += '=';
    return Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
  }
  function text(buffer) {
    var out = '';
    new Uint8Array(buffer).forEach(function (b) { out += String.fromCharCode(b); });
    return btoa(out).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  }
  function ids(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, { id: bytes(c.id) }); });
  }
  function run() {
    var publicKey = Object.assign({}, options, { challenge: bytes(options.challenge) });
    var ceremony;
    if (mode === 'create') {
      publicKey.user = Object.assign({}, options.user, { id: bytes(options.user.id) });
      publicKey.excludeCredentials = ids(options.excludeCredentials);
      ceremony = navigator.credentials.create({ publicKey: publicKey });
    } else {
      publicKey.allowCredentials = ids(options.allowCredentials);
      ceremony = navigator.credentials.get({ publicKey: publicKey });
    }
    ceremony.then(function (credential) {
      var r = credential.response;
      var response = { clientDataJSON: text(r.clientDataJSON) };
      if (mode === 'create') {
        response.attestationObject = text(r.attestationObject);
        response.transports = r.getTransports ? r.getTransports() : [];
      } else {
        response.authenticatorData = text(r.authenticatorData);
        response.signature = text(r.signature);
        if (r.userHandle) response.userHandle = text(r.userHandle);
      }
      form.elements.credential.value = JSON.stringify({
        id: credential.id,
        rawId: text(credential.rawId),
        type: credential.type,
        authenticatorAttachment: credential.authenticatorAttachment || undefined,
        clientExtensionResults: credential.getClientExtensionResults(),
        response: response
      });
      form.submit();
    }, function (error) {
      if (status) status.textContent = 'The passkey was not used (' + error.name + '). Try again.';
    });
  }
  var button = document.getElementById('passkey-button');
  if (button) button.addEventListener('click', function (event) { event.preventDefault(); run(); });
})();
`

/** GET /_ui/passkey.js */
export function passkeyScriptRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.get('/_ui/passkey.js', (c) =>
    c.body(SCRIPT, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
    }),
  )
  return routes
}
