import type { CommentAuthor } from '../../shared/api/comments.ts';
import type { UserRepository } from '../storage/types.ts';

/**
 * Looks up the people behind comments (name and organisation), each once per request. Every
 * comment shows who said it on behalf of which organisation, so a listing asks for the same few
 * people many times.
 */
export class PeopleDirectory {
  private readonly known = new Map<string, Promise<CommentAuthor>>();

  constructor(private readonly users: UserRepository) {}

  /**
   * The person with this id. Accounts are never deleted (comments reference them), so a missing
   * one means a damaged database; it is shown by id rather than failing the whole listing.
   */
  get(id: string): Promise<CommentAuthor> {
    let person = this.known.get(id);
    if (!person) {
      person = this.users
        .get(id)
        .then((user) =>
          user
            ? { id: user.id, name: user.name, organisation: user.organisation }
            : { id, name: id, organisation: '' },
        );
      this.known.set(id, person);
    }
    return person;
  }

  /** Everyone in `ids` who exists, in order. */
  async list(ids: readonly string[]): Promise<CommentAuthor[]> {
    return Promise.all(ids.map((id) => this.get(id)));
  }
}
