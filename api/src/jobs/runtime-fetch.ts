// The runtime's own fetch, safe to keep as a property: workerd's fetch throws "Illegal invocation"
// when called as a method of another object (`send.fetch(…)`), which is how the jobs call it.
export const runtimeFetch: typeof fetch = (input, init) => fetch(input, init);
