// Starts fauxqs (SQS over the AWS JSON protocol) for the tests, quietly, on the port the fixture chose.
import { startFauxqs } from "fauxqs";
await startFauxqs({ port: +process.env.PORT, logger: false, defaultRegion: "eu-central-1" });
