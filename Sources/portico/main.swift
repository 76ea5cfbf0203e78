import Foundation
import PorticoCommands

PorticoMain.prepareProcess()
exit(await PorticoMain.run())
