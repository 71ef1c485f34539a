// proxy-addr ships no types; these are the two calls the router makes.
declare module 'proxy-addr' {
  import type { IncomingMessage } from 'node:http';
  type Trust = (addr: string, i: number) => boolean;
  function proxyAddr(req: IncomingMessage, trust: Trust): string;
  namespace proxyAddr {
    function compile(val: string | string[]): Trust;
  }
  export default proxyAddr;
}
