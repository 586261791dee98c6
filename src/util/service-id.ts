/**
 * Service ids look like db + 3 letters + 8 digits (dbtgf28216706); older or
 * future formats are allowed as long as they are one safe path segment of at
 * least 5 characters, as the API's path parameter requires.
 */
export const SERVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{4,63}$/;
