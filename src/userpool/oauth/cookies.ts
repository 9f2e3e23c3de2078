/** Names of the hosted UI's cookies (`__Host-`: Secure, Path=/, no Domain). */
export const SSO_COOKIE = '__Host-pcl-sso'
export const CSRF_COOKIE = '__Host-pcl-csrf'
