import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

// As create-t3-app writes it: validated when next.config.js imports it,
// that is during `next build`, unless SKIP_ENV_VALIDATION is set.
export const env = createEnv({
  server: {
    APP_GREETING: z.string().min(1),
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  },
  client: {
    NEXT_PUBLIC_SITE_NAME: z.string().optional(),
  },
  runtimeEnv: {
    APP_GREETING: process.env.APP_GREETING,
    NODE_ENV: process.env.NODE_ENV,
    NEXT_PUBLIC_SITE_NAME: process.env.NEXT_PUBLIC_SITE_NAME,
  },
  skipValidation: !!process.env.SKIP_ENV_VALIDATION,
  emptyStringAsUndefined: true,
});
