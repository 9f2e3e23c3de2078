/**
 * The collector script Portcullis serves at /_ui/advanced-security-data.js: it defines the global
 * `AmazonCognitoAdvancedSecurityData.getData(username, userPoolId, clientId)` that
 * amazon-cognito-identity-js (and apps calling the API themselves) look for, and answers Cognito's
 * EncodedData envelope, base64 of `{"payload": "<JSON>", "signature", "version"}`. The payload's
 * `contextData` holds a device id kept in localStorage (new per browser profile), the user agent,
 * language, time zone and screen size. Nothing in it is secret or signed: the server treats it as
 * the browser's claim.
 */
export const ADVANCED_SECURITY_COLLECTOR = `(function (global) {
  'use strict';
  var KEY = 'portcullis.advancedSecurity.deviceId';
  var memo;
  function newId() {
    if (global.crypto && typeof global.crypto.randomUUID === 'function') return global.crypto.randomUUID();
    return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  }
  function deviceId() {
    try {
      var storage = global.localStorage;
      var stored = storage && storage.getItem(KEY);
      if (stored) return stored;
      var made = newId();
      if (storage) storage.setItem(KEY, made);
      return made;
    } catch (e) {
      return memo || (memo = newId());
    }
  }
  function timezone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return undefined; }
  }
  function base64(text) {
    var bytes = new TextEncoder().encode(text), binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary);
  }
  function getData(username, userPoolId, clientId) {
    var nav = global.navigator || {};
    var screen = global.screen || {};
    var contextData = {
      DeviceId: deviceId(),
      DeviceName: nav.platform || nav.userAgent,
      UserAgent: nav.userAgent,
      DeviceLanguage: nav.language,
      Timezone: timezone(),
      ScreenWidth: screen.width,
      ScreenHeight: screen.height,
      ClientId: clientId
    };
    var payload = JSON.stringify({
      contextData: contextData,
      username: username,
      userPoolId: userPoolId,
      timestamp: String(Date.now())
    });
    return base64(JSON.stringify({ payload: payload, signature: '', version: 'PORTCULLIS1' }));
  }
  global.AmazonCognitoAdvancedSecurityData = { getData: getData };
})(typeof window !== 'undefined' ? window : globalThis);
`
