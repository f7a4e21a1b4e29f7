import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ProcessRole, roleCapabilities } from '@wushe/config';
import { AccountsLifecycle } from './accounts.lifecycle';
import { AuthController } from './auth.controller';
import { AdminBootstrap } from './bootstrap/admin-bootstrap';
import { ClientCredentials } from './client-credentials/client-credentials.use-case';
import { CreateServiceAccount } from './create-service-account/create-service-account.use-case';
import { formBody } from './http/request-origin';
import { JwksResponder } from './keys/jwks-responder';
import { SigningKeys } from './keys/signing-keys';
import { KeysController } from './keys.controller';
import { LoginRepository } from './login/login.repository';
import { LoginThrottle } from './login/login-throttle';
import { Login } from './login/login.use-case';
import { Logout } from './logout/logout.use-case';
import { PasswordHasher } from './passwords/password-hasher';
import { Refresh } from './refresh/refresh.use-case';
import { AccountRegistry } from './registry/account-registry';
import { RotateKeys } from './rotate-keys/rotate-keys.use-case';
import { ServiceAccountsController } from './service-accounts.controller';
import { AccessTokens } from './tokens/access-tokens';
import { RefreshTokens } from './tokens/refresh-token.repository';
import { TokenHolderQuery } from './tokens/token-holder.query';

/** The endpoints and start-up work of an API process (login, tokens, keys, bootstrap). */
@Module({
  controllers: [AuthController, KeysController, ServiceAccountsController],
  providers: [
    Login,
    LoginRepository,
    LoginThrottle,
    Refresh,
    Logout,
    ClientCredentials,
    CreateServiceAccount,
    RotateKeys,
    AdminBootstrap,
    JwksResponder,
    AccountsLifecycle,
  ],
})
class AccountsApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(formBody).forRoutes({ path: 'auth/token', method: RequestMethod.POST });
  }
}

/**
 * Accounts, passwords, signing keys and tokens. Global: other identity modules (access, staff)
 * create and find accounts through AccountRegistry. Only API processes get the endpoints, the
 * signing-key and bootstrap start-up work and the JWKS responder.
 */
@Module({})
export class AccountsModule {
  static forRoot(role: ProcessRole): DynamicModule {
    return {
      module: AccountsModule,
      global: true,
      imports: roleCapabilities(role).http ? [AccountsApiModule] : [],
      providers: [
        PasswordHasher,
        AccountRegistry,
        SigningKeys,
        AccessTokens,
        RefreshTokens,
        TokenHolderQuery,
      ],
      exports: [PasswordHasher, AccountRegistry, SigningKeys, AccessTokens, RefreshTokens, TokenHolderQuery],
    };
  }
}
