import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './worker'

export const NGINX = '/usr/sbin/nginx'
/** CI installs Debian's nginx; a developer machine without it skips the files that need it. */
export const nginxAvailable = existsSync(NGINX) || process.env.CI === 'true'

export interface RunningNginx {
  port: number
  /** What the error log says, for assertions and for failures. */
  errors(): string
  stop(): Promise<void>
}

/**
 * Debian's nginx with stock settings (buffers included) on a loopback port: `server` is the body
 * of one `server {}` block, given the port it listens on.
 */
export async function startNginx(server: (port: number) => string): Promise<RunningNginx> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-nginx-'))
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server {
    listen 127.0.0.1:${port};
${server(port)}
  }
}`,
  )
  const child = spawn(NGINX, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' })
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    )
    if (up) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const errors = () => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8')
    } catch {
      return ''
    }
  }
  return {
    port,
    errors,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGQUIT')
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * The nginx configuration the README documents for forward auth, in front of `origin`, asking the
 * gateway at `gateway` (an app host of the Worker). Only what this block sets reaches the gateway:
 * `proxy_pass_request_headers off` keeps every header the client chose out of the auth request.
 */
export function forwardAuthServer(options: {
  gateway: string
  origin: string
  /** Browsers without a session go to the gateway's sign-in (off for APIs, which want a 401). */
  signIn?: boolean
}): string {
  const gateway = new URL(options.gateway)
  const signIn = options.signIn ?? true
  return `
    location / {
      auth_request /_portcullis_auth;
      auth_request_set $identity $upstream_http_x_amzn_oidc_identity;
      auth_request_set $groups $upstream_http_x_portcullis_groups;
      proxy_set_header x-amzn-oidc-identity $identity;
      proxy_set_header x-portcullis-groups $groups;
      ${signIn ? 'error_page 401 = @sign_in;' : ''}
      proxy_pass ${options.origin};
    }
    location = /_portcullis_auth {
      internal;
      proxy_pass ${options.gateway}/_gateway/auth;
      proxy_pass_request_body off;
      proxy_pass_request_headers off;
      proxy_set_header Host ${gateway.host};
      proxy_set_header Cookie $http_cookie;
      proxy_set_header Authorization $http_authorization;
      proxy_set_header X-Original-URI $request_uri;
      proxy_set_header X-Original-Method $request_method;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
    location @sign_in {
      return 302 /_gateway/signin$request_uri;
    }
    location /_gateway/ {
      proxy_pass ${options.gateway};
      proxy_set_header Host ${gateway.host};
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
    }`
}
