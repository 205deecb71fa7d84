import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**', '*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The protocol core stays framework-free (design §3).
    files: ['lib/protocol/**/*.ts', 'lib/bindings/**/*.ts', 'lib/session-index/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['express', 'express-session', 'passport', '@node-saml/*'],
              message:
                'The protocol core must not import Express, express-session, Passport or node-saml (design §3).',
            },
          ],
        },
      ],
    },
  },
);
