// A raw HTTP client for the REST tests: every answer with its status, headers and parsed body.

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export function restClient(base: string) {
  return {
    /** A Keystone password token, scoped to `project` by name. */
    async token(user: string, password: string, project = "demo"): Promise<string> {
      const res = await fetch(`${base}/identity/v3/auth/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          auth: {
            identity: { methods: ["password"], password: { user: { name: user, domain: { name: "Default" }, password } } },
            scope: { project: { name: project, domain: { name: "Default" } } },
          },
        }),
      });
      const token = res.headers.get("x-subject-token");
      if (res.status !== 201 || !token) throw new Error(`no token for ${user}: ${res.status} ${await res.text()}`);
      return token;
    },
    async call<T = Record<string, unknown>>(
      method: string,
      path: string,
      opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
    ): Promise<Answer<T>> {
      const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
      if (opts.token) headers["x-auth-token"] = opts.token;
      if (opts.body !== undefined || opts.raw !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(`${base}${path}`, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
    },
  };
}

export type RestClient = ReturnType<typeof restClient>;
