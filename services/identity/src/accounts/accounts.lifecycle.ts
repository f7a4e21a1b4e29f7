import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AdminBootstrap } from './bootstrap/admin-bootstrap';
import { JwksResponder } from './keys/jwks-responder';
import { SigningKeys } from './keys/signing-keys';

/**
 * What an API process does at start, in order: create the bootstrap administrator if one is due
 * (a partial BOOTSTRAP_ADMIN_* configuration stops the start here), make sure signing keys exist
 * so the first login can sign, then answer JWKS requests on NATS.
 */
@Injectable()
export class AccountsLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly keys: SigningKeys,
    private readonly bootstrap: AdminBootstrap,
    private readonly jwks: JwksResponder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bootstrap.run();
    await this.keys.ensureKeys();
    this.jwks.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.jwks.stop();
  }
}
