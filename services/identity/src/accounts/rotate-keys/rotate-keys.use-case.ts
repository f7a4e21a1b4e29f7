import { Injectable } from '@nestjs/common';
import { signingKeyRotatedV1, UNREGIONED } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import type { Principal } from '@wushe/platform';
import { IdentityDb } from '../../database/identity-db';
import { RotationResult, SigningKeys } from '../keys/signing-keys';

/** An administrator rotates the token signing keys; the rotation is announced to every service. */
@Injectable()
export class RotateKeys {
  constructor(
    private readonly db: IdentityDb,
    private readonly keys: SigningKeys,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(principal: Principal): Promise<RotationResult> {
    const result = await this.db.$transaction(async (tx) => {
      const rotation = await this.keys.rotate(tx, principal.subject);
      await this.outbox.publish(
        tx,
        signingKeyRotatedV1,
        { kid: rotation.activeKid },
        { subject: rotation.activeKid, regionCode: UNREGIONED },
      );
      return rotation;
    });
    this.keys.forget();
    return result;
  }
}
