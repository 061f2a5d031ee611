import { Injectable, OnModuleInit } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id with the library's defaults; a dummy hash lets unknown e-mails cost the same time as wrong passwords. */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash = '';

  async onModuleInit(): Promise<void> {
    this.dummyHash = await argon2.hash('not-a-real-password-just-for-timing');
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  /** Verifies against the stored hash, or against the dummy when there is no user, so both take as long. */
  async verify(hash: string | undefined, password: string): Promise<boolean> {
    // An erased account keeps no hash ('erased'): verify against the dummy, same work, same answer as an unknown address.
    const usable = hash !== undefined && hash.startsWith('$');
    const ok = await argon2.verify(usable ? hash : this.dummyHash, password);
    return ok && usable;
  }
}
