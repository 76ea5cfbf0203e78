import Foundation
import PorticoCommands

exit(await PorticoMain.run())
