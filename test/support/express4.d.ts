// `express4` is express@4 installed under an npm alias, so both majors are tested.
declare module 'express4' {
  import express from 'express';
  export = express;
}
