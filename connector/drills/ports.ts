/** A free TCP port on loopback: the one the private Redis launcher uses. */
export { freePort } from '../redis/private-server';
