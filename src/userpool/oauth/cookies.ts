/** Names of the hosted UI's cookies (`__Host-`: Secure, Path=/, no Domain). */
export const SSO_COOKIE = '__Host-pcl-sso'
export const CSRF_COOKIE = '__Host-pcl-csrf'
/** Binds a federated sign-in to the browser that started it (login CSRF). */
export const FEDERATION_COOKIE = '__Host-pcl-fed'
