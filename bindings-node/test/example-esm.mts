// Type check of the ES module entry: named exports and the default export.
import siemulator, { generate, stream, World } from 'siemulator'

const lines: string[] = generate('linux_auth', { count: 3 })
const same: string[] = siemulator.generate('linux_auth', { count: 3 })
const world: World = new siemulator.World(1)
for await (const event of stream('linux_auth', { count: 3, world })) {
  console.log(event.timeText, lines.length, same.length)
}
