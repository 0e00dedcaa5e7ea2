// URLs in log lines never carry a credential: the seeds' ?oauth_token= / ?access_token=
// are replaced before anything is written.
const SECRET_PARAMS = /([?&](?:oauth_token|access_token|token|key|api_key|client_secret|code)=)[^&#\s]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, "$1[redacted]");
}
