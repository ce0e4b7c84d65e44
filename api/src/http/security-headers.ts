// Headers every response carries, errors included: no MIME sniffing (a JSON error echoing input can
// never be read as HTML or script), no Referer leaving our pages, no framing. Hono's secureHeaders
// with the defaults that would break a guest on other sites turned off:
// - Cross-Origin-Resource-Policy stays unset: shops load /widget/loader.js with a cross-origin
//   <script>, which `same-origin` would block.
// - Strict-Transport-Security is the TLS terminator's to send: on a shared domain its
//   includeSubDomains would bind every sibling site to HTTPS.
// - Cross-Origin-Opener-Policy stays unset: the demo shop's share buttons open other sites' windows.
// The dashboard adds its own Content-Security-Policy (with frame-ancestors 'none') in the Node entry.
import { secureHeaders } from 'hono/secure-headers';

/**
 * @example app.use('*', securityHeaders())
 */
export function securityHeaders() {
  return secureHeaders({
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: false,
    strictTransportSecurity: false,
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
  });
}
