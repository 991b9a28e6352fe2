// Types of the ES module entry: the named exports of the CommonJS types, plus the default
// export that index.mjs adds.
import * as siemulator from './index.js'

export * from './index.js'
export default siemulator
