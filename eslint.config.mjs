import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  {
    rules: {
      // A leading underscore marks a value taken out on purpose (e.g. a field an update may not set).
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  // .next-<name>: builds of e2e runs side by side (NEXT_DIST_DIR); test-results: Playwright's reports.
  { ignores: [".next/**", ".next-*/**", "test-results/**", "node_modules/**", "var/**", "db/migrations/**", "next-env.d.ts"] },
];

export default config;
